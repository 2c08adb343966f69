"""`{% facet_checkboxes %}`: the library's filter check boxes rendered in one Python loop."""

from django.template import engines

from praxisbeispiele.models import FacetValue

# The markup the library template had as a loop; the tag must give exactly the same.
TEMPLATE_LOOP = engines["django"].from_string(
    '{% for value in facet.values %}<div class="kern-form-check"><input class="kern-form-check__checkbox" '
    'type="checkbox" name="{{ facet.param }}" id="f-{{ facet.param }}-{{ forloop.counter }}" '
    'value="{{ value.key }}"{% if value.selected %} checked{% endif %}><label class="kern-label" '
    'for="f-{{ facet.param }}-{{ forloop.counter }}">{{ value.label }} <span class="facet__count">'
    "({{ value.count }})</span></label></div>{% endfor %}"
)
TAG = engines["django"].from_string("{% load cms_tags %}{% facet_checkboxes facet.param facet.values %}")

VALUES = [
    FacetValue("ebeleben", "Ebeleben", 4, False),
    FacetValue("bad-frankenhausen", "Bad Frankenhausen/Kyffh.", 0, True),
    FacetValue("a&b", 'Verein "<Jung & Alt>"', 12, False),
]


def test_facet_checkboxes_render_what_the_template_loop_rendered():
    facet = {"param": "gemeinde", "values": VALUES}

    assert TAG.render({"facet": facet}) == TEMPLATE_LOOP.render({"facet": facet})


def test_facet_checkboxes_escape_labels_and_mark_only_selected_values_checked():
    html = TAG.render({"facet": {"param": "gemeinde", "values": VALUES}})

    assert "&lt;Jung &amp; Alt&gt;" in html and "<Jung" not in html
    assert 'value="a&amp;b"' in html
    assert html.count(" checked") == 1
    assert 'id="f-gemeinde-2" value="bad-frankenhausen" checked>' in html
    assert '<label class="kern-label" for="f-gemeinde-3">' in html


def test_facet_checkboxes_render_nothing_for_a_facet_without_values():
    assert TAG.render({"facet": {"param": "bereich", "values": []}}) == ""
