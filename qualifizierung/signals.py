"""On publishing a run: remember when its last session ends, tell everyone of a cancellation, and let
people move up from the waiting list when places were added (connected in apps.py after netzwerk's
handler, which has already stored the run's occurrences)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cms.operations import pagecache
from qualifizierung import services
from qualifizierung.models import CourseRunPage, Registration, RegistrationStatus
from termine.models import EventStatus, Occurrence


def run_published(sender, instance, **kwargs):

    if sender is not CourseRunPage:
        return
    last_end = Occurrence.objects.filter(page_id=instance.pk).aggregate(last=Max("end"))["last"]
    updates = {"last_session_end": last_end}
    if instance.date_status == EventStatus.CANCELLED:
        if instance.cancellation_notified_at is None:
            now = timezone.now()
            updates["cancellation_notified_at"] = now
            people = list(Registration.objects.active().filter(run_id=instance.pk))
            run = CourseRunPage.objects.select_related("course", "venue").get(pk=instance.pk)
            transaction.on_commit(lambda: services.send_run_cancelled(run, people))
    else:
        updates["cancellation_notified_at"] = None
    CourseRunPage.objects.filter(pk=instance.pk).update(**updates)
    for key, value in updates.items():
        setattr(instance, key, value)
    if (
        instance.date_status != EventStatus.CANCELLED
        and Registration.objects.filter(run_id=instance.pk, status=RegistrationStatus.WAITING).exists()
    ):
        services.promote_after_change(instance.pk)


# --- page cache (cms/operations/pagecache.py) ------------------------------------------------------------------


def course_tags(page):
    """A course page shows its runs with their free places."""
    return [f"course:{page.pk}"]


def run_tags(page):
    """A run page shows its own places and the course it belongs to."""
    return [f"course-run:{page.pk}"] + ([f"course:{page.course_id}"] if page.course_id else [])


def places_changed(sender, instance, **kwargs):
    """A registration was made, cancelled or changed: free places shown anywhere are renewed at once."""

    if not pagecache.cache_seconds():
        return
    course_id = CourseRunPage.objects.filter(pk=instance.run_id).values_list("course_id", flat=True).first()
    tags = ["courses", f"course-run:{instance.run_id}"]
    if course_id:
        tags.append(f"course:{course_id}")
    pagecache.bump(*tags)
