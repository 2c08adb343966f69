"""Admin view "Auskunft und Löschung": what the site stores about one e-mail address, its JSON export and
its deletion after confirmation (cms.privacy's per-person registry).

Everything travels by POST, so that the address never appears in a URL, a browser history or an access
log. Only users who may view and delete every kind of personal data (superusers, or a group given those
permissions) see the menu entry and may use the view.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from cms.privacy import (
    InvalidEmail,
    delete_person,
    export_person,
    normalise_email,
    person_data_permissions,
    person_data_providers,
)

ACTIONS = {"suchen", "export", "bestaetigen", "loeschen"}


def may_manage_personal_data(user):
    return user.is_active and user.has_perms(person_data_permissions())


class PersonForm(forms.Form):
    email = forms.CharField(
        label="E-Mail-Adresse der Person",
        max_length=320,
        help_text="Die Adresse, mit der sich die Person gemeldet hat; Groß- und Kleinschreibung zählt nicht.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Bitte geben Sie eine E-Mail-Adresse an."},
    )

    def clean_email(self):
        try:
            return normalise_email(self.cleaned_data["email"])
        except InvalidEmail as error:
            raise forms.ValidationError(str(error)) from None


def records(count):
    """'1 Datensatz', '3 Datensätze'."""
    return f"{count} Datensatz" if count == 1 else f"{count} Datensätze"


def _display_value(value):
    if value is None or value == "" or value == []:
        return "–"
    if value is True:
        return "ja"
    if value is False:
        return "nein"
    if isinstance(value, list):
        return ", ".join(_display_value(item) for item in value)
    return str(value)


def _display(row):
    """One exported record as (label, text) pairs for the page."""
    return [(key, _display_value(value)) for key, value in row.items()]


def _render(request, context, status=200):
    context.setdefault("page_title", "Auskunft und Löschung")
    context.setdefault("header_title", "Auskunft und Löschung")
    context.setdefault("header_icon", "user")
    return TemplateResponse(request, "cms/privacy/person_data.html", context, status=status)


def person_data(request):
    if not may_manage_personal_data(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _render(request, {"form": PersonForm()})
    action = request.POST.get("aktion", "suchen")
    form = PersonForm(request.POST)
    if action not in ACTIONS or not form.is_valid():
        if action not in ACTIONS:
            form.add_error(None, "Unbekannte Aktion. Bitte beginnen Sie noch einmal mit der Suche.")
        return _render(request, {"form": form}, status=400)
    email = form.cleaned_data["email"]

    if action == "export":
        data = export_person(email)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="auskunft-{stamp}.json"'
        return response

    if action == "loeschen":
        if request.POST.get("bestaetigt") != "ja":
            form.add_error(None, "Bitte bestätigen Sie die Löschung.")
            return _render(request, {"form": form}, status=400)
        results = delete_person(email)
        total = sum(count for _label, count in results)
        details = ", ".join(f"{label}: {count}" for label, count in results if count)
        if total:
            messages.success(request, f"{records(total)} gelöscht ({details}).")
        else:
            messages.info(request, "Zu dieser Adresse war nichts gespeichert; nichts gelöscht.")
        return redirect("cms_person_data")

    data = export_person(email)["Daten"]
    sources = [
        {"label": label, "rows": [_display(row) for row in rows], "count": len(rows)}
        for label, rows in data.items()
    ]
    total = sum(source["count"] for source in sources)
    context = {
        "form": PersonForm(initial={"email": email}),
        "email": email,
        "sources": sources,
        "total": total,
        "total_records": records(total),
        "confirm": action == "bestaetigen" and total > 0,
        "provider_count": len(person_data_providers()),
    }
    return _render(request, context)
