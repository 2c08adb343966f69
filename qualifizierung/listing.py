"""Runs for the block "Nächste Kurse" (cached with the page structure and the registrations (page cache
tag "courses"), for the current hour at most)."""

from django.utils import timezone

from cms.models import cached_structure
from cms.operations.pagecache import tag_version
from qualifizierung.models import CourseProgrammePage, CourseRunPage


def upcoming_runs_for_block(target_group=None, count=3, request=None) -> dict:
    count = max(1, min(count, 12))
    group_pk = target_group.pk if target_group is not None else None

    def build():
        now = timezone.now()
        runs = (
            CourseRunPage.objects.for_listing()
            .filter(course__live=True, first_start__gt=now)
            .select_related("course")
        )
        if group_pk is not None:
            runs = runs.filter(course__target_groups=group_pk)
        items = [
            {
                "title": run.course.title,
                "run": run.title,
                "url": run.get_url(request),
                "dates": run.date_range_text,
                "place": run.place_text,
                "places": run.places_text,
                "state": run.places_state,
                "start": run.first_start,
            }
            for run in runs.order_by_start()[:count]
        ]
        programme = CourseProgrammePage.objects.live().first()
        url = programme.get_url(request) if programme else ""
        if url and target_group is not None:
            url += f"?zielgruppe={target_group.slug}"
        return {"runs": items, "programme_url": url}

    # Free places change with every registration: the tag "courses" (bumped by each one) is in the key.
    hour = timezone.localtime().strftime("%Y%m%d%H")
    version = tag_version("courses")
    return cached_structure(f"qualifizierung:block:{group_pk}:{count}:{hour}:{version}", build)
