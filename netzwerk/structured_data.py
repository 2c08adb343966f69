"""schema.org JSON-LD for events (rendered by base.html through ``get_json_ld``)."""

from django.utils import timezone

from cms.content.public_address import absolute
from termine import dates
from termine.models import AttendanceMode, EventStatus
from termine.structured_data import PUBLISHER, place

SERIES_LIMIT = 20


def _iso(occurrence, value):
    local = timezone.localtime(value, dates.BERLIN)
    return local.date().isoformat() if occurrence.all_day else local.isoformat()


def _end(occurrence):
    if occurrence.all_day:
        return occurrence.last_day.isoformat()
    return _iso(occurrence, occurrence.end)


def event_json_ld(page, request=None, now=None):
    """``Event`` with status, attendance mode, location, organiser, price and the next date.

    A series names its next date as startDate/endDate and lists the following ones as ``subEvent``
    (at most 20); a moved date carries ``previousStartDate``.
    """
    page.load_related()
    upcoming = page.upcoming_list(SERIES_LIMIT + 1, now)
    occurrence = upcoming[0] if upcoming else page.next_occurrence(now)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.teaser,
        "url": page.get_full_url(request),
        "inLanguage": "de",
        "eventAttendanceMode": f"https://schema.org/{page.attendance_mode}",
        "isAccessibleForFree": bool(page.is_free),
    }
    status = occurrence.status if occurrence is not None else page.date_status
    data["eventStatus"] = f"https://schema.org/{status}"
    if occurrence is not None:
        data["startDate"] = _iso(occurrence, occurrence.start)
        if occurrence.end > occurrence.start:
            data["endDate"] = _end(occurrence)
        if occurrence.original_start is not None:
            data["previousStartDate"] = _iso(occurrence, occurrence.original_start)
    locations = []
    if page.attendance_mode != AttendanceMode.ONLINE and page.venue is not None:
        locations.append(place(page.venue))
    if page.attendance_mode != AttendanceMode.OFFLINE and page.online_url:
        locations.append({"@type": "VirtualLocation", "url": page.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if page.organiser is not None:
        organiser = {"@type": "Organization", "name": page.organiser.name}
        if page.organiser.website:
            organiser["url"] = page.organiser.website
        data["organizer"] = organiser
    else:
        data["organizer"] = PUBLISHER
    if page.cost or page.is_free:
        offer = {"@type": "Offer", "priceCurrency": "EUR", "url": page.get_full_url(request)}
        if page.is_free:
            offer["price"] = 0
        else:
            offer["description"] = page.cost
        data["offers"] = offer
    if page.image_id:
        rendition = page.image.get_rendition("fill-1200x675")
        data["image"] = absolute(rendition.url)
    if len(upcoming) > 1:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": page.title,
                "startDate": _iso(item, item.start),
                **({"endDate": _end(item)} if item.end > item.start else {}),
                "eventStatus": f"https://schema.org/{item.status}",
                **({"previousStartDate": _iso(item, item.original_start)} if item.original_start else {}),
            }
            for item in upcoming[1:]
        ]
    if status == EventStatus.CANCELLED:
        data["eventStatus"] = "https://schema.org/EventCancelled"
    return data
