"""The site search: every public page, German full text, filter by page type, pagination."""

from django.conf import settings
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.content.pagination import paginate
from cms.operations.errors import BadQuery
from home.models import BeiratPage, ContentPage, FundingProgrammePage, NewsPage

MAX_QUERY_LENGTH = 200


def searchable_types():
    """(key, German label, model) for every page type a visitor can filter by."""

    return [
        ("meldung", "Meldungen", NewsPage),
        ("foerderung", "Förderprogramme", FundingProgrammePage),
        ("seite", "Informationsseiten", ContentPage),
        ("beirat", "Beirat", BeiratPage),
    ]


def search(request):
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise BadQuery(f"Der Suchbegriff ist zu lang: höchstens {MAX_QUERY_LENGTH} Zeichen.")
    if "\x00" in query:
        raise BadQuery("Der Suchbegriff enthält ungültige Zeichen.")
    types = searchable_types()
    type_key = request.GET.get("typ", "")
    known = {key: model for key, _label, model in types}
    if type_key and type_key not in known:
        raise BadQuery("Diesen Seitentyp gibt es in der Suche nicht.")

    results = None
    if query:
        pages = Page.objects.live().public().specific()
        if type_key:
            pages = pages.type(known[type_key])
        results = paginate(request, pages.search(query, operator="and"), settings.SEARCH_PER_PAGE)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "query": query,
            "results": results,
            "type_key": type_key,
            "types": [(key, label) for key, label, _model in types],
        },
    )
