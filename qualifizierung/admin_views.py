"""Staff views in the Wagtail admin: participants of a run, attendance per session, CSV, certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from qualifizierung.exports import certificate_pdf, participants_csv
from qualifizierung.models import Attendance, CourseRunPage, Registration, RegistrationStatus

PERMISSION = "qualifizierung.view_registration"


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _session_key(session):
    return session.original_start or session.start


def _run_data(run):
    sessions = run.sessions()
    order = {RegistrationStatus.REGISTERED: 0, RegistrationStatus.WAITING: 1, RegistrationStatus.CANCELLED: 2}
    registrations = sorted(
        Registration.objects.filter(run_id=run.pk).prefetch_related("attendances"),
        key=lambda person: (
            order.get(person.status, 3),
            person.waiting_position or 0,
            person.created_at,
            person.pk,
        ),
    )
    for person in registrations:
        person.attended_starts = {mark.session_start for mark in person.attendances.all()}
    return sessions, registrations


def _run(run_id):
    return get_object_or_404(CourseRunPage.objects.select_related("course", "venue"), pk=run_id)


def participants(request, run_id):
    """The list of a run with a checkbox per registered person and session; POST saves the attendance."""
    _check(request)
    run = _run(run_id)
    sessions, registrations = _run_data(run)
    registered = [person for person in registrations if person.status == RegistrationStatus.REGISTERED]
    if request.method == "POST":
        if not request.user.has_perm("qualifizierung.change_registration"):
            raise PermissionDenied
        keys = {str(index): _session_key(session) for index, session in enumerate(sessions)}
        wanted = set()
        for value in request.POST.getlist("anwesend"):
            person_id, _sep, index = value.partition(":")
            if person_id.isdigit() and index in keys:
                wanted.add((int(person_id), keys[index]))
        ids = {person.pk for person in registered}
        wanted = {(pk, start) for pk, start in wanted if pk in ids}
        existing = {
            (mark.registration_id, mark.session_start): mark.pk
            for mark in Attendance.objects.filter(registration_id__in=ids)
        }
        with transaction.atomic():
            Attendance.objects.filter(
                pk__in=[pk for key, pk in existing.items() if key not in wanted]
            ).delete()
            Attendance.objects.bulk_create(
                [
                    Attendance(registration_id=pk, session_start=start)
                    for pk, start in wanted
                    if (pk, start) not in existing
                ]
            )
        messages.success(request, "Die Anwesenheit ist gespeichert.")
        return redirect(reverse("qualifizierung_participants", args=[run.pk]))
    rows = [
        {
            "person": person,
            "marks": [
                {
                    "value": f"{person.pk}:{index}",
                    "checked": _session_key(session) in person.attended_starts,
                    "session": session,
                }
                for index, session in enumerate(sessions)
            ],
        }
        for person in registered
    ]
    context = {
        "run": run,
        "sessions": sessions,
        "rows": rows,
        "waiting": [person for person in registrations if person.status == RegistrationStatus.WAITING],
        "cancelled": [person for person in registrations if person.status == RegistrationStatus.CANCELLED],
        "header_title": f"Teilnehmende: {run.full_title}",
        "page_title": f"Teilnehmende: {run.full_title}",
        "header_icon": "group",
    }
    return TemplateResponse(request, "qualifizierung/admin/participants.html", context)


def participants_export(request, run_id):
    _check(request)
    run = _run(run_id)
    sessions, registrations = _run_data(run)
    body = participants_csv(run, registrations, len(sessions))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = slugify(f"teilnehmende-{run.course.title if run.course else ''}-{run.slug}")[:80]
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def certificate(request, registration_id):
    _check(request)
    person = get_object_or_404(Registration.objects.select_related("run"), pk=registration_id)
    run = _run(person.run_id)
    sessions = run.sessions()
    attended = set(Attendance.objects.filter(registration=person).values_list("session_start", flat=True))
    body = certificate_pdf(person, run, run.course, sessions, attended)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="teilnahmebescheinigung-{slugify(person.name)[:60]}.pdf"'
    )
    return response
