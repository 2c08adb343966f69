"""Page routes hand ``(request, page)`` to a view function named by its dotted path.

Models never import views (views import models and services): a ``@path`` method of a
``RoutablePageMixin`` page calls ``to_view("app.views.name", request, self, ...)``, and the view is
looked up when the route is first served, as Django's URLconf does with dotted paths.
"""

from functools import cache

from django.utils.module_loading import import_string


@cache
def _view(dotted_path: str):
    return import_string(dotted_path)


def to_view(dotted_path: str, request, page, *args, **kwargs):
    """Call the view ``dotted_path`` with ``(request, page, *args, **kwargs)``."""
    return _view(dotted_path)(request, page, *args, **kwargs)
