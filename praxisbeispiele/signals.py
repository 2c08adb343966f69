"""The editors' decision on a proposal (publish or reject) starts the retention period of its contact data.

On publishing, files uploaded with the proposal leave the non-public collection "Eingereichte Vorschläge",
so that visitors can download the materials of the published example.
"""

from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from praxisbeispiele.models import ExampleProposal
from praxisbeispiele.services import PROPOSAL_COLLECTION


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


def proposal_rejected(sender, instance, **kwargs):
    content_type = instance.content_type
    if content_type.app_label == "praxisbeispiele" and content_type.model == "practiceexamplepage":
        _mark_decided(int(instance.object_id))
