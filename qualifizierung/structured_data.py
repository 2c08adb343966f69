"""schema.org JSON-LD: ``Course`` with ``hasCourseInstance`` on a course, ``Event`` on each run."""

from django.utils import timezone

from termine import dates
from termine.models import AttendanceMode
from termine.structured_data import PUBLISHER, place

COURSE_MODES = {
    AttendanceMode.OFFLINE: "onsite",
    AttendanceMode.ONLINE: "online",
    AttendanceMode.MIXED: "blended",
}


def _iso(value):
    return timezone.localtime(value, dates.BERLIN).isoformat() if value else None


def _location(run, request=None):
    locations = []
    if run.is_on_site and run.venue is not None:
        locations.append(place(run.venue))
    if run.is_online:
        locations.append({"@type": "VirtualLocation", "url": run.get_full_url(request)})
    if not locations:
        return None
    return locations[0] if len(locations) == 1 else locations


def _offer(course, run, request=None):
    offer = {"@type": "Offer", "priceCurrency": "EUR", "url": run.get_full_url(request)}
    offer["price"] = 0 if course.is_free or course.fee is None else float(course.fee)
    if course.fee_note:
        offer["description"] = course.fee_note
    if run.is_cancelled or run.closed_reason():
        offer["availability"] = (
            "https://schema.org/SoldOut" if run.free_places == 0 else "https://schema.org/Discontinued"
        )
    else:
        offer["availability"] = (
            "https://schema.org/InStock" if run.free_places else "https://schema.org/LimitedAvailability"
        )
    deadline = run.deadline()
    if deadline:
        offer["validThrough"] = _iso(deadline)
    return offer


def _instructors(trainers):
    return [{"@type": "Person", "name": trainer.display_name} for trainer in trainers if trainer.display_name]


def _dates_and_places(run, request) -> dict:
    """What a course instance and a run's event say alike: status, mode, places, dates and location."""
    data = {
        "eventStatus": f"https://schema.org/{run.date_status}",
        "eventAttendanceMode": f"https://schema.org/{run.attendance_mode}",
        "maximumAttendeeCapacity": run.capacity,
        "remainingAttendeeCapacity": run.free_places,
    }
    if getattr(run, "first_start", None):
        data["startDate"] = _iso(run.first_start)
    if getattr(run, "last_end", None):
        data["endDate"] = _iso(run.last_end)
    location = _location(run, request)
    if location:
        data["location"] = location
    return data


def course_instance(course, run, trainers, request=None):
    data = {
        "@type": "CourseInstance",
        "name": run.title,
        "url": run.get_full_url(request),
        "courseMode": COURSE_MODES.get(run.attendance_mode, "onsite"),
        **_dates_and_places(run, request),
        "offers": _offer(course, run, request),
    }
    instructors = _instructors(trainers)
    if instructors:
        data["instructor"] = instructors
    return data


def course_json_ld(course, request=None):
    runs = getattr(course, "_json_ld_runs", None)
    if runs is None:
        runs = list(course.runs())
    trainers = getattr(course, "_json_ld_trainers", None)
    if trainers is None:
        trainers = list(course.trainers.select_related("contact").all())
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": course.teaser,
        "url": course.get_full_url(request),
        "inLanguage": "de",
        "provider": PUBLISHER,
        "isAccessibleForFree": bool(course.is_free),
        "teaches": course.goal_list,
        "hasCourseInstance": [course_instance(course, run, trainers, request) for run in runs],
    }
    if course.prerequisites:
        data["coursePrerequisites"] = course.prerequisites
    if course.certificate:
        data["educationalCredentialAwarded"] = "Teilnahmebescheinigung"
    return data


def run_json_ld(run, request=None):
    run.load_counts()
    course = run.course
    trainers = list(course.trainers.select_related("contact").all()) if course else []
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": run.full_title,
        "description": course.teaser if course else "",
        "url": run.get_full_url(request),
        "inLanguage": "de",
        **_dates_and_places(run, request),
        "organizer": PUBLISHER,
        "isAccessibleForFree": bool(course and course.is_free),
    }
    if course is not None:
        data["offers"] = _offer(course, run, request)
        data["superEvent"] = {"@type": "Course", "name": course.title, "url": course.get_full_url(request)}
    performers = _instructors(trainers)
    if performers:
        data["performer"] = performers
    return data
