"""Template tags of the admin templates the site overrides (see cms/editorial.py)."""

from django import template

from cms.editorial import usage_places as find_usage_places

register = template.Library()


@register.simple_tag(takes_context=True)
def usage_places(context, obj):
    """The places where ``obj`` is used, for the delete and unpublish confirmations."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    return find_usage_places(obj, user)
