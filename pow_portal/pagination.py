"""Bounded lists: one page of a list, with the links to the pages around it.

Every list page shows at most ``PAGE_SIZE`` rows, so its time, not only its query count, stays the same
whether there are 35 plans or 350 (a COUNT and one slice per list).
"""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, items, *, per_page: int = PAGE_SIZE, param: str = "pagina") -> Page:
    """The requested page of ``items`` (an ordered queryset or a list); a bad page number gives the nearest.

    The page carries ``param``, ``previous_url`` and ``next_url`` (the current query string with the page
    changed) for ``pow_portal/includes/pagination.html``.
    """
    page = Paginator(items, per_page).get_page(request.GET.get(param))

    def url(number):
        query = request.GET.copy()
        query[param] = number
        return "?" + query.urlencode()

    page.param = param
    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    return page
