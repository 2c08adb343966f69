"""The admin views "Partnerkalender importieren" and the progress page of one import (registered in
netzwerk.wagtail_hooks). A request never imports: it stores the run and queues the task
(netzwerk.import_tasks); the worker does the bounded import (netzwerk.importer)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cms.models import Organisation
from netzwerk import importer
from netzwerk.import_tasks import enqueue_import
from netzwerk.models import CalendarPage, ImportRun


def can_import(user) -> bool:
    """Whoever may create events under the calendar may import drafts into it."""
    calendar_page = CalendarPage.objects.first()
    return bool(
        user.is_authenticated
        and calendar_page is not None
        and calendar_page.permissions_for_user(user).can_add_subpage()
    )


def import_form_class():
    class PartnerImportForm(forms.Form):
        organisation = forms.ModelChoiceField(
            label="Partner",
            queryset=Organisation.objects.all(),
            empty_label="– bitte wählen –",
            help_text="Die Organisation, deren Kalender Sie übernehmen. Sie wird Veranstalter der Termine.",
            error_messages={"required": "Bitte wählen Sie den Partner."},
        )
        url = forms.URLField(
            label="Adresse des Kalenders",
            required=False,
            assume_scheme="https",
            max_length=500,
            help_text="Die iCalendar-Adresse (endet oft auf .ics), mit https://.",
            error_messages={"invalid": "Bitte eine vollständige Adresse mit https:// angeben."},
        )
        file = forms.FileField(
            label="Oder: Kalenderdatei hochladen",
            required=False,
            help_text="Eine .ics-Datei, die der Partner Ihnen geschickt hat.",
            widget=forms.FileInput(attrs={"accept": ".ics,text/calendar"}),
        )

        def clean(self):
            cleaned = super().clean()
            has_url, has_file = bool(cleaned.get("url")), bool(cleaned.get("file"))
            if has_url == has_file and not self.errors:
                raise forms.ValidationError("Bitte entweder eine Adresse angeben oder eine Datei hochladen.")
            return cleaned

    return PartnerImportForm


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    form_class = import_form_class()
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            organisation = form.cleaned_data["organisation"]
            upload = form.cleaned_data.get("file")
            max_bytes = importer.setting("PARTNER_IMPORT_MAX_BYTES", importer.MAX_BYTES)
            if upload and upload.size > max_bytes:
                form.add_error("file", importer.too_large(max_bytes))
                status = 400
            else:
                if upload:
                    run = enqueue_import(
                        organisation, request.user, data=upload.read(max_bytes + 1), name=upload.name
                    )
                else:
                    run = enqueue_import(organisation, request.user, url=form.cleaned_data["url"])
                return redirect("netzwerk_partner_import_run", run.pk)
        else:
            status = 400
    else:
        form = form_class()
    return TemplateResponse(
        request,
        "netzwerk/import_form.html",
        {"form": form, "runs": ImportRun.objects.select_related("organisation")[:10]},
        status=status,
    )


def import_run_view(request, pk):
    """The state of one import: waiting, running (with progress, reloading itself), done or failed."""
    if not can_import(request.user):
        raise PermissionDenied
    run = get_object_or_404(ImportRun.objects.select_related("organisation"), pk=pk)
    return TemplateResponse(request, "netzwerk/import_run.html", {"run": run})
