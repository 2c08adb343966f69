"""Pagination that answers bad page numbers with a German message instead of an error page."""

from django.core.paginator import EmptyPage, Paginator

from cms.operations.errors import BadQuery, NotFoundQuery

PAGE_PARAM = "seite"


def paginate(request, object_list, per_page, param=PAGE_PARAM, paginator_class=Paginator, **paginator_kwargs):
    """The page named by `param` (German 400 for junk, 404 past the end); `paginator_class` may be a
    Paginator subclass, e.g. one that caches the total (netzwerk.calendar.CachedCountPaginator)."""
    raw = request.GET.get(param, "1").strip() or "1"
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise BadQuery("Die Seitenzahl muss eine ganze Zahl ab 1 sein.")
    paginator = paginator_class(object_list, per_page, **paginator_kwargs)
    number = int(raw)
    if number < 1:
        raise BadQuery("Die Seitenzahl muss eine ganze Zahl ab 1 sein.")
    try:
        return paginator.page(number)
    except EmptyPage:
        if number == 1:
            return paginator.page(1)
        raise NotFoundQuery(f"Seite {number} gibt es nicht; es gibt {paginator.num_pages} Seiten.") from None
