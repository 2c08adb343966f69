"""Page routes hand ``(request, page)`` to a view function named by its dotted path.

Models never import views (views import models and services): a ``@path`` method of a
``RoutablePageMixin`` page calls ``to_view("app.views.name", request, self, ...)``, and the view is
looked up when the route is first served, as Django's URLconf does with dotted paths.
"""

from functools import cache

from django.utils.module_loading import import_string
from wagtail.contrib.routable_page.models import path


@cache
def _view(dotted_path: str):
    return import_string(dotted_path)


def to_view(dotted_path: str, request, page, *args, **kwargs):
    """Call the view ``dotted_path`` with ``(request, page, *args, **kwargs)``."""
    return _view(dotted_path)(request, page, *args, **kwargs)


def form_route(route):
    """Marks a page route that takes a public form, so that OPTIONS names POST among its methods."""
    route.takes_form_posts = True
    return route


def public_form_routes(prefix: str, name: str, form_view: str, thanks_view: str):
    """The two routes of a page's public form: ``<prefix>/`` (takes POST) and ``<prefix>/danke/``.

    Use as ``submit_route, submit_thanks_route = public_form_routes("melden", "submit", …)`` in a
    ``RoutablePageMixin`` page: the routes are named ``name`` and ``name + "_thanks"``, the methods
    ``name + "_route"`` and ``name + "_thanks_route"`` (the page cache knows private routes by them).
    """

    def form(page, request):
        return to_view(form_view, request, page)

    def thanks(page, request):
        return to_view(thanks_view, request, page)

    form.__name__ = form.__qualname__ = f"{name}_route"
    thanks.__name__ = thanks.__qualname__ = f"{name}_thanks_route"
    return (
        path(f"{prefix}/", name=name)(form_route(form)),
        path(f"{prefix}/danke/", name=f"{name}_thanks")(thanks),
    )
