"""The editors' decision on a proposal (publish or reject) starts the retention period of its contact data."""

from django.utils import timezone


def _mark_decided(page_id):
    from praxisbeispiele.models import ExampleProposal

    ExampleProposal.objects.filter(page_id=page_id, decided_at__isnull=True).update(decided_at=timezone.now())


def proposal_decided(sender, instance, **kwargs):
    if sender.__name__ == "PracticeExamplePage":
        _mark_decided(instance.pk)


def proposal_rejected(sender, instance, **kwargs):
    content_type = instance.content_type
    if content_type.app_label == "praxisbeispiele" and content_type.model == "practiceexamplepage":
        _mark_decided(int(instance.object_id))
