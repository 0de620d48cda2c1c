"""Server-side sanitising of the rich text a region types or pastes from Word.

The same stored HTML is shown in the form's preview and printed in the PDF, so only a small
allowlist survives: paragraphs, headings, lists, bold/italic/underline, links and simple tables.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
_EMPTY = re.compile(r"^(\s|&nbsp;|<p>|</p>|<br\s*/?>)*$")


def clean_html(html: str | None) -> str:
    """Return HTML with only the allowlisted tags and attributes; links get rel="noopener noreferrer"."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return "" if is_blank(cleaned) else cleaned.strip()


def is_blank(html: str | None) -> bool:
    return not html or bool(_EMPTY.match(html))


def plain_text(html: str | None) -> str:
    """The words of the HTML, for diffs and counts."""
    return re.sub(r"\s+", " ", nh3.clean(html or "", tags=set())).strip()
