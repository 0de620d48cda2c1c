"""The one door to PDF rendering and layout. WeasyPrint is imported here and nowhere else.

What WeasyPrint lets a process keep is kept per process: the font configuration (Fontconfig + Pango
font map, with the ``@font-face`` fonts decoded once), the parsed static stylesheets a document links to
(``<link rel="stylesheet" href="/static/...">``, parsed once and passed to WeasyPrint as parsed sheets; no
document has author styles of its own that could rank differently) and the URL fetcher class. Building a
``FontConfiguration`` costs ~100 ms and leaks memory; one per process (and per thread, since Pango's font
map is not thread-safe) makes a layout cost what the layout itself costs. The page count does not change:
the same fonts are loaded, only once.
"""

import atexit
import logging
import os
import re
import threading
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

_local = threading.local()


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class PortalURLFetcher(URLFetcher):
        """Serves ``/static/...`` from the staticfiles finders and ``file:`` URLs under MEDIA_ROOT only.

        No network access and no other file on the machine, ever. A missing stylesheet, font or image
        stops the rendering: a page count made with a fallback font would be wrong.
        """

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = url.removeprefix("file://").split("?")[0]
                if Path(path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
                    return super().fetch(Path(path).resolve().as_uri(), headers)
            else:
                path = url.split("://", 1)[-1]
                path = path[path.find("/") :] if "://" in url else path
            # A stylesheet served from disk resolves its "/static/..." URLs to "file:///static/...".
            if path.startswith(settings.STATIC_URL):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if found:
                    return super().fetch(Path(found).resolve().as_uri(), headers)
            raise ValueError(f"PDF rendering may not fetch {url!r}")

    return PortalURLFetcher


def url_fetcher():
    return _fetcher_class()(fail_on_errors=True)


def font_config():
    """This process's (and thread's) shared WeasyPrint font configuration, made on first use.

    A forked child (a gunicorn or Celery worker forked after first use) makes its own: Fontconfig state is
    not shared across processes.
    """
    pid = os.getpid()
    if getattr(_local, "pid", None) != pid:
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
        _local.pid = pid
        _local.__dict__.pop("sheets", None)
        atexit.register(_forget, _local.font_config)
        logger.debug("font configuration made for process %s", pid)
    return _local.font_config


_STATIC_LINK = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+\.css)">')


def _stylesheet(path: str):
    """The parsed stylesheet at ``/static/...``, per process and thread, parsed again when the file changes."""
    from weasyprint import CSS

    config = font_config()
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    if not found:
        raise ValueError(f"PDF rendering may not fetch {path!r}")
    key = (found, os.stat(found).st_mtime_ns)
    sheets = _local.__dict__.setdefault("sheets", {})
    if sheets.get("config") is not config:
        sheets.clear()
        sheets["config"] = config
    if key not in sheets:
        sheets[key] = CSS(filename=found, base_url=settings.SITE_URL + path, url_fetcher=url_fetcher(),
                          font_config=config)  # fmt: skip
    return sheets[key]


def _forget(config) -> None:
    """At exit, while the modules still exist: remove the font configuration's temporary font folder."""
    config.__del__()
    config._folder = None


def engine_version() -> str:
    """The layout engine's version: part of every cache key of a layout result."""
    import weasyprint

    return weasyprint.__version__


def html_to_document(html: str, *, base_url: str | None = None, stylesheets=None):
    """Lay out HTML with WeasyPrint and return the rendered document (pages, metadata)."""
    from weasyprint import CSS, HTML

    config = font_config()
    linked = [_stylesheet(path) for path in _STATIC_LINK.findall(html)]
    html = _STATIC_LINK.sub("", html)
    sheets = [*linked, *(CSS(string=css, font_config=config) for css in stylesheets or ())]
    document = HTML(string=html, base_url=base_url or settings.SITE_URL, url_fetcher=url_fetcher())
    return document.render(font_config=config, stylesheets=sheets)


def _last_page_fill(page) -> float:
    """How far down the content area the content of ``page`` reaches, from 0 to 1."""
    from weasyprint.formatting_structure import boxes  # the layout tree, read only

    page_box = page._page_box
    top = page_box.content_box_y()
    height = page_box.height
    bottom = top
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):  # page numbers and running headers are not content
            continue
        for box in child.descendants():
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableCellBox):
                bottom = max(bottom, box.position_y + box.margin_height())
    return max(0.0, min(1.0, (bottom - top) / height)) if height else 0.0


# A measure needs the layout of the content only: no PDF is written, and the page margin boxes (page numbers,
# running headers: a layout of their own on every page, and "counter(pages)" waits for the whole document) are
# left out. They sit in the margins, so the content area and the page count are the same.
MEASURE_ONLY_CSS = (
    "@page { @top-left { content: none } @top-center { content: none } @top-right { content: none }"
    " @bottom-left { content: none } @bottom-center { content: none } @bottom-right { content: none } }"
)


def measure_pages(html: str) -> tuple[int, float]:
    """Lay out ``html`` and return (number of pages, how far the last page's content reaches, 0..1)."""
    document = html_to_document(html, stylesheets=[MEASURE_ONLY_CSS])
    return len(document.pages), _last_page_fill(document.pages[-1])


def page_anchors(html: str) -> tuple[int, dict[str, int]]:
    """Lay out ``html``; return (number of pages, {anchor: index of the first page that holds it})."""
    document = html_to_document(html)
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, index)
    return len(document.pages), starts


def render_to_pdf(template: str, context: dict, *, pdf_variant: str | None = "pdf/ua-1") -> bytes:
    """Render a Django template to PDF bytes (tagged PDF/UA by default, for accessibility)."""
    return html_to_pdf(render_to_string(template, context), pdf_variant=pdf_variant)


def html_to_pdf(html: str, *, pdf_variant: str | None = "pdf/ua-1") -> bytes:
    return html_to_document(html).write_pdf(pdf_variant=pdf_variant)
