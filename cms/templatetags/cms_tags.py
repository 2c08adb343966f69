"""Template helpers shared by every page: breadcrumb, JSON-LD, German number formats."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_items(context, page):
    """The ancestors below the site root plus the page itself, in one query."""
    request = context.get("request")
    cache = getattr(request, "_breadcrumb_cache", None) if request else None
    if cache is not None and cache[0] == page.pk:
        return cache[1]
    ancestors = list(page.get_ancestors().filter(depth__gt=1).order_by("depth")) if page.depth > 2 else []
    items = [*ancestors, page] if page.depth > 2 else []
    if request is not None:
        request._breadcrumb_cache = (page.pk, items)
    return items


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, page):
    request = context.get("request")
    items = breadcrumb_items(context, page)
    if not items:
        return ""
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": item.title,
                "item": item.get_full_url(request),
            }
            for position, item in enumerate(items, start=1)
        ],
    }
    return json_ld(data)


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> block; '<' is escaped so no content can close the tag."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def page_json_ld(context, page):
    getter = getattr(page, "get_json_ld", None)
    if getter is None:
        return ""
    return json_ld(getter(context.get("request")))


@register.filter
def euro(value):
    """12345.5 -> '12.345,50 €'."""
    if value in (None, ""):
        return ""
    text = f"{float(value):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{text} €"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def menu_entries(context, config, page=None):
    """Main navigation entries; the entry of the current page or section is marked for screen readers."""
    request = context.get("request")
    entries = []
    for item in config.menu:
        current = ""
        if page is not None and getattr(page, "path", None):
            if item.page.pk == page.pk:
                current = "page"
            elif item.page.depth > 2 and page.path.startswith(item.page.path):
                current = "true"
        entries.append({"url": item.page.get_url(request), "text": item.text, "current": current})
    return entries
