"""axe-core (WCAG 2.2 AA) on the admin's add and edit views of every page type of ours.

The test fails on violations caused by us: nodes inside the panel of one of our own fields (the field, its
label, its help text, its inline panel) or nodes whose selector names such a field. Violations in Wagtail's
own chrome (sidebar, header, tabs, the title field, the "Einstellungen"/"Veröffentlichung" tabs, comments,
minimap) are not ours to fix; they are collected and printed per rule, so that they stay visible and can be
reported upstream, but they do not fail the test. Rule of thumb for a node: it belongs to us if it lies in a
panel ``panel-child-…-<field>-…`` of a field our models define (BasePage's ``review_date`` included), else to
Wagtail.
"""

import pytest
from django.apps import apps
from wagtail.models import Page

from cms.models import BasePage
from tests.browser.support import AXE_JS, AXE_TAGS, describe_violations

pytestmark = pytest.mark.browser

# Fields of Wagtail's Page (title, slug, SEO, scheduling, comments, revisions …): Wagtail's panels. Relations
# our apps hang on Page (date_rules, date_exceptions) stay ours.
WAGTAIL_FIELDS = {
    field.name
    for field in Page._meta.get_fields()
    if field.concrete or field.related_model._meta.app_label.startswith(("wagtail", "taggit", "auth"))
} | {"comment_notifications"}

# For each violation node: the selector, the ids of the panels around it and its own id/name.
NODE_CONTEXT_JS = """
violations => violations.map(violation => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map(node => {
        const selector = node.target[node.target.length - 1];
        let element = null;
        try { element = document.querySelector(selector); } catch (error) { element = null; }
        const panels = [];
        for (let current = element; current; current = current.parentElement) {
            if (current.id && current.id.startsWith('panel-')) panels.push(current.id);
        }
        return {
            target: node.target,
            failureSummary: node.failureSummary,
            panels: panels,
            own: element ? [element.id || '', element.getAttribute('name') || '', element.getAttribute('for') || ''] : [],
        };
    }),
}))
"""


def our_page_models():
    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, BasePage) and model._meta.app_label != "wagtailcore"
        ),
        key=lambda model: model._meta.label,
    )


def our_fields(model):
    """The names of the fields and inline relations our code adds to `model` (not Wagtail's)."""
    return {field.name for field in model._meta.get_fields()} - WAGTAIL_FIELDS


def belongs_to_us(node, fields):
    """A node is ours if a panel around it, or its own id/name/for, names one of our fields."""
    tokens = set()
    for panel_id in node["panels"]:
        tokens.update(panel_id.replace("panel-child-", "").split("-child-"))
        tokens.update(part for part in panel_id.split("-"))
    for value in node["own"]:
        value = value.removeprefix("id_")
        tokens.add(value)
        tokens.add(value.split("-")[0])
    selector = " ".join(map(str, node["target"]))
    return any(field in tokens or f"id_{field}" in selector or f"-{field}-" in selector for field in fields)


def audit(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", AXE_TAGS
    )
    return page.evaluate(NODE_CONTEXT_JS, violations)


def split(violations, fields):
    ours, wagtail = [], []
    for violation in violations:
        mine = [node for node in violation["nodes"] if belongs_to_us(node, fields)]
        theirs = [node for node in violation["nodes"] if not belongs_to_us(node, fields)]
        if mine:
            ours.append({**violation, "nodes": mine})
        if theirs:
            wagtail.append({**violation, "nodes": theirs})
    return ours, wagtail


def admin_views():
    """(label, URL path, fields) for the add view (where one more may be added) and the edit view of each type."""
    views = []
    for model in our_page_models():
        instance = model.objects.order_by("path").first()
        assert instance is not None, f"the demo seeds no {model.__name__}"
        fields = our_fields(model)
        views.append((f"{model.__name__} bearbeiten", f"/admin/pages/{instance.pk}/edit/", fields))
        parent = instance.get_parent()
        if model.can_create_at(parent.specific):
            label = model._meta.label_lower.replace(".", "/")
            views.append((f"{model.__name__} hinzufügen", f"/admin/pages/add/{label}/{parent.pk}/", fields))
    return views


def test_the_rule_tells_our_fields_from_wagtails_chrome():
    fields = {"teaser", "date_rules", "review_date"}
    assert belongs_to_us({"target": ["#id_teaser"], "panels": [], "own": []}, fields)
    assert belongs_to_us(
        {"target": ["label"], "panels": ["panel-child-inhalt-child-teaser-section"], "own": []}, fields
    )
    assert belongs_to_us({"target": ["#id_date_rules-0-start_time"], "panels": [], "own": []}, fields)
    assert not belongs_to_us(
        {"target": [".sidebar-footer button"], "panels": [], "own": ["", "", ""]}, fields
    )
    assert not belongs_to_us(
        {"target": ["#id_title"], "panels": ["panel-child-inhalt-child-title-section"], "own": ["id_title"]},
        fields,
    )


def test_add_and_edit_views_of_our_page_types_have_no_axe_violations_from_our_fields(site, admin_page):
    page = admin_page

    views = admin_views()
    assert {label.split()[0] for label, _path, _fields in views} == {
        model.__name__ for model in our_page_models()
    }
    ours, chrome = {}, {}
    for label, path, fields in views:
        response = page.goto(site + path)
        assert response.status == 200, f"{label}: {path} answered {response.status}"
        page.locator("form#page-edit-form, form[data-edit-form]").first.wait_for()
        found_ours, found_chrome = split(audit(page), fields)
        if found_ours:
            ours[label] = found_ours
        for violation in found_chrome:
            chrome.setdefault(violation["id"], (violation, set()))[1].add(label)

    if chrome:
        print("\naxe-core in Wagtails eigener Oberfläche (nicht durch unsere Felder verursacht):")
        for rule, (violation, labels) in sorted(chrome.items()):
            print(f"- {rule}: {violation['help']} – in {len(labels)} Ansichten, z. B. {sorted(labels)[0]}")
            print(describe_violations([{**violation, "nodes": violation["nodes"][:3]}]))
    report = "\n".join(f"{label}:\n{describe_violations(found)}" for label, found in ours.items())
    assert ours == {}, f"axe-core found violations in our own fields:\n{report}"
