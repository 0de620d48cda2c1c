"""The one door to PDF rendering. WeasyPrint is imported here and nowhere else."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


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


def html_to_document(html: str, *, base_url: str | None = None):
    """Lay out HTML with WeasyPrint and return the rendered document (pages, metadata)."""
    from weasyprint import HTML

    fetcher = _fetcher_class()(fail_on_errors=True)
    return HTML(string=html, base_url=base_url or settings.SITE_URL, url_fetcher=fetcher).render()


def render_to_pdf(template: str, context: dict, *, pdf_variant: str | None = "pdf/ua-1") -> bytes:
    """Render a Django template to PDF bytes (tagged PDF/UA by default, for accessibility)."""
    html = render_to_string(template, context)
    document = html_to_document(html)
    return document.write_pdf(pdf_variant=pdf_variant)
