"""Template tags of the admin templates the site overrides (see cms/editors/editorial.py)."""

from django import template

from cms.editors.editorial import usage_places as find_usage_places

register = template.Library()


@register.simple_tag(takes_context=True)
def usage_places(context):
    """Where the object of the confirmation view is used (``object``, or ``page`` in the page delete view)."""
    obj = context.get("object") or context.get("page")
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    return find_usage_places(obj, user)
