"""Approving a submission leaves the page live without a pending draft, and the editor is told so.

Wagtail's edit view saves the approver's form as a new revision and then finishes the workflow, whose
default action publishes ``content_object.get_latest_revision()`` of a page instance loaded before that
save: the older revision went live, the approver's newer one stayed a draft ("VERÖFFENTLICHT + ENTWURF"),
and the message was the edit view's "wurde aktualisiert". ``publish_latest_revision`` (the setting
``WAGTAIL_FINISH_WORKFLOW_ACTION``) reads the latest revision fresh from the database; the hook replaces
the message. Wagtail imports this module while it loads its workflow models (through the setting), which
also registers the hook; so nothing here imports models at module level.
"""

from django.contrib import messages
from wagtail import hooks


def publish_latest_revision(workflow_state, user=None):
    """Publish the newest revision of the approved object, as stored now (not as loaded earlier)."""
    stale = workflow_state.content_object
    current = type(stale)._default_manager.get(pk=stale.pk)
    current.get_latest_revision().publish(user=user)


def approval_message(page) -> str:
    title = page.get_admin_display_title()
    if page.live and not page.has_unpublished_changes:
        return f"Seite „{title}“ wurde freigegeben und veröffentlicht."
    return f"Seite „{title}“ wurde freigegeben und geht an den nächsten Schritt der Freigabe."


@hooks.register("after_edit_page")
def tell_what_approval_did(request, page):
    """After "Freigeben und Veröffentlichen" in the editor: say that, not "wurde aktualisiert"."""
    if (
        not request.POST.get("action-workflow-action")
        or request.POST.get("workflow-action-name") != "approve"
    ):
        return None
    page = type(page)._default_manager.get(pk=page.pk)
    storage = messages.get_messages(request)
    queued = getattr(storage, "_queued_messages", None)
    if queued is not None:  # drop the edit view's own "… wurde aktualisiert." of this request
        storage._queued_messages = [message for message in queued if message.level != messages.SUCCESS]
    messages.success(request, approval_message(page))
    return None
