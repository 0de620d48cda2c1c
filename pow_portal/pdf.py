"""The one door to PDF rendering. WeasyPrint is imported here and nowhere else."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _url_fetcher(url, *args, **kwargs):
    """Resolve ``/static/...`` URLs from the staticfiles finders; no network access, ever."""
    from weasyprint.urls import default_url_fetcher

    static_prefix = settings.STATIC_URL
    if url.startswith(("file:", "data:")):
        return default_url_fetcher(url, *args, **kwargs)
    path = url.split("://", 1)[-1]
    path = path[path.find("/") :] if "://" in url else path
    if path.startswith(static_prefix):
        found = finders.find(path[len(static_prefix) :])
        if found:
            return default_url_fetcher(f"file://{found}", *args, **kwargs)
    raise ValueError(f"PDF rendering may not fetch {url!r}")


def html_to_document(html: str, *, base_url: str | None = None):
    """Lay out HTML with WeasyPrint and return the rendered document (pages, metadata)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or settings.SITE_URL, url_fetcher=_url_fetcher).render()


def render_to_pdf(template: str, context: dict, *, pdf_variant: str | None = "pdf/ua-1") -> bytes:
    """Render a Django template to PDF bytes (tagged PDF/UA by default, for accessibility)."""
    html = render_to_string(template, context)
    document = html_to_document(html)
    return document.write_pdf(pdf_variant=pdf_variant)
