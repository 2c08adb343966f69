"""Pagination that answers bad page numbers with a German message instead of an error page."""

from django.core.paginator import EmptyPage, Paginator

from cms.errors import BadQuery, NotFoundQuery

PAGE_PARAM = "seite"


def paginate(request, object_list, per_page, param=PAGE_PARAM):
    raw = request.GET.get(param, "1").strip() or "1"
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise BadQuery("Die Seitenzahl muss eine ganze Zahl ab 1 sein.")
    paginator = Paginator(object_list, per_page)
    number = int(raw)
    if number < 1:
        raise BadQuery("Die Seitenzahl muss eine ganze Zahl ab 1 sein.")
    try:
        return paginator.page(number)
    except EmptyPage:
        if number == 1:
            return paginator.page(1)
        raise NotFoundQuery(f"Seite {number} gibt es nicht; es gibt {paginator.num_pages} Seiten.") from None
