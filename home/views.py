"""The site search page: the query and the type filter from the address, hits from home.search."""

from django.conf import settings
from django.template.response import TemplateResponse
from wagtail.models import Site

from cms.content.pagination import paginate
from home import search as site_search


def search(request):
    query = site_search.clean_query(request.GET.get("q", ""))
    type_key = request.GET.get("typ", "")
    choice = site_search.search_type(type_key)
    site = Site.find_for_request(request)

    results = hits = None
    suggestion = ""
    if query:
        found = site_search.find(site, query, choice)
        results = paginate(request, found if found is not None else [], settings.SEARCH_PER_PAGE)
        hits = site_search.hits(results.object_list)
        if not results.paginator.count:
            suggestion = site_search.suggestion(site, query, choice)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "query": query,
            "results": results,
            "hits": hits,
            "suggestion": suggestion,
            "type_key": choice.key if choice else "",
            "types": [(choice.key, choice.label) for choice in site_search.SEARCH_TYPES],
        },
    )
