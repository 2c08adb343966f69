"""'Freigeben und Veröffentlichen' in the editor: the approver's version goes live, no draft stays behind,
and the message says what happened."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from home.models import ContentPage


@pytest.fixture
def submitted(home):
    """A draft content page in the workflow "Redaktionelle Freigabe", submitted by an editor."""
    User = get_user_model()
    editor = User.objects.create_user("redakteurin", "redaktion@kyffhaeuser.example", "x" * 12)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    page = ContentPage(title="Sprechzeiten der Ehrenamtsagentur", live=False)
    home.add_child(instance=page)
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Redaktionelle Freigabe"
    workflow.start(page, editor)
    return ContentPage.objects.get(pk=page.pk)


@pytest.fixture
def reviewer(client, db):
    user = get_user_model().objects.create_user("freigeber", "freigabe@kyffhaeuser.example", "x" * 12)
    user.groups.add(Group.objects.get(name="Freigabe"))
    client.force_login(user)
    return user


def approve_in_editor(client, page, title):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = dict(querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").lists())
    data.update(
        nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Dienstag 9 bis 12 Uhr.</p>"))])})
    )
    data["title"] = title
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    return client.post(url, data)


def test_approving_with_an_edit_publishes_the_approvers_version_without_a_pending_draft(
    client, submitted, reviewer
):
    response = approve_in_editor(client, submitted, "Sprechzeiten der Ehrenamtsagentur (neu)")
    assert response.status_code == 302
    page = ContentPage.objects.get(pk=submitted.pk)
    assert page.live
    assert not page.has_unpublished_changes
    assert page.title == "Sprechzeiten der Ehrenamtsagentur (neu)"
    assert page.live_revision_id == page.latest_revision_id


def test_approving_says_freigegeben_und_veroeffentlicht_not_aktualisiert(client, submitted, reviewer):
    response = approve_in_editor(client, submitted, "Sprechzeiten der Ehrenamtsagentur")
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert texts == ["Seite „Sprechzeiten der Ehrenamtsagentur“ wurde freigegeben und veröffentlicht."]
