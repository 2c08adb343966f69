"""The editors' decision on a proposal (publish or reject) starts the retention period of its contact data.

On publishing, the files uploaded with the proposal leave the private storage (cms/forms/private_files.py) and
become an image and a document in the public collection, attached to the example; on rejection and when the
proposal is deleted (also by the retention purge and a person's deletion request) the private files are
deleted. Files of proposals made before the private storage lie in the collection "Eingereichte Vorschläge"
and move to the root collection on publishing.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.forms.private_files import delete_private_files
from cms.forms.public import rejection_reason
from praxisbeispiele.models import ExampleProposal
from praxisbeispiele.services import (
    PROPOSAL_COLLECTION,
    discard_proposal_files,
    notify_decision,
    publish_proposal_files,
)


def _mark_decided(page_id):
    return ExampleProposal.objects.filter(page_id=page_id, decided_at__isnull=True).update(
        decided_at=timezone.now()
    )


def _release_files(page):
    root = Collection.get_first_root_node()
    document_ids = [
        item["document"].pk
        for block in page.materials
        for item in block.value["files"]
        if item.get("document") is not None
    ]
    image_ids = [block.value["image"].pk for block in page.images if block.value.get("image") is not None]
    for model, ids in ((get_document_model(), document_ids), (get_image_model(), image_ids)):
        if ids:
            model.objects.filter(pk__in=ids, collection__name=PROPOSAL_COLLECTION).update(collection=root)


def proposal_decided(sender, instance, **kwargs):
    if sender.__name__ == "PracticeExamplePage" and _mark_decided(instance.pk):
        _release_files(instance)
        publish_proposal_files(instance)
        notify_decision(instance, published=True)


def proposal_rejected(sender, instance, **kwargs):
    content_type = instance.content_type
    if content_type.app_label == "praxisbeispiele" and content_type.model == "practiceexamplepage":
        first_decision = _mark_decided(int(instance.object_id))
        proposal = ExampleProposal.objects.filter(page_id=int(instance.object_id)).first()
        if proposal is not None:
            discard_proposal_files(proposal)
            if first_decision:
                notify_decision(proposal.page, published=False, reason=rejection_reason(instance))


def proposal_deleted(sender, instance, **kwargs):
    """post_delete of a proposal (one by one, by a cascade, by purge_expired or delete_person)."""
    files = [instance.photo.name, instance.material.name]
    if any(files):
        transaction.on_commit(lambda: delete_private_files(files))
