"""Services of "Praxisbeispiel vorschlagen" (fields in forms.py, view in views.py): a proposal becomes a draft
example in moderation; editors and the proposer get an e-mail."""

import secrets

from django.conf import settings
from django.core.files.base import File
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from cms.forms.public import admin_url, editor_addresses, send_mails, start_workflow
from cms.models import Organisation
from praxisbeispiele.models import ExampleProposal, PracticeExamplePage

PROPOSAL_COLLECTION = "Eingereichte Vorschläge"
EDITOR_GROUPS = ["Redaktion", "Freigabe"]


def german_slug(text):
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain).replace(umlaut.upper(), plain.capitalize())
    return slugify(text)[:60].strip("-") or "vorschlag"


def unique_child_slug(parent, title):
    base = german_slug(title)
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def random_file_name(upload):
    """A file name nobody can guess from the proposal's title: 128 random bits and the detected extension."""
    return f"{secrets.token_hex(16)}.{upload.detected_extension}"


def proposal_collection():
    """The collection for uploaded files; its documents can be downloaded only by logged-in editors."""
    collection = Collection.objects.filter(name=PROPOSAL_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PROPOSAL_COLLECTION)
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def _steps(form):
    steps = []
    for line in form.step_lines():
        if len(line) <= 150:
            steps.append({"type": "step", "value": {"title": line, "text": ""}})
        else:
            cut = line[:147].rsplit(" ", 1)[0]
            steps.append({"type": "step", "value": {"title": f"{cut} …", "text": line}})
    return steps


def _organisation(data, municipality):
    name = data["organisation_name"]
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name,
            kind=data["organisation_kind"],
            municipality=municipality,
            website=data.get("organisation_website") or "",
        )
    return organisation


@transaction.atomic
def create_draft(library, form):
    """The draft example (never live) with its files, the proposer's data apart, and the workflow started."""
    data = form.cleaned_data
    collection = proposal_collection()
    slug = unique_child_slug(library, data["title"])
    images = []
    if data.get("image"):
        upload = data["image"]
        image = get_image_model()(title=f"Foto zum Vorschlag „{data['title']}“", collection=collection)
        image.file.save(random_file_name(upload), File(upload), save=False)
        if hasattr(image, "_set_image_file_metadata"):
            image._set_image_file_metadata()
        image.save()
        images.append(
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": data["image_alt"], "decorative": False},
            }
        )
    materials = []
    if data.get("material"):
        upload = data["material"]
        document = get_document_model()(
            title=f"Material zum Vorschlag „{data['title']}“", collection=collection
        )
        document.file.save(random_file_name(upload), File(upload), save=False)
        if hasattr(document, "_set_document_file_metadata"):
            document._set_document_file_metadata()
        document.save()
        materials.append(
            {
                "type": "downloads",
                "value": {"title": "Materialien", "files": [{"document": document.pk, "title": ""}]},
            }
        )

    municipality = data.get("municipality")
    levels = set(data.get("levels") or [])
    page = PracticeExamplePage(
        title=data["title"],
        slug=slug,
        live=False,
        summary=data["summary"],
        starting_point=data["starting_point"],
        steps=_steps(form),
        result=data["result"],
        transferability=data.get("transferability", ""),
        effort_time=data.get("effort_time", ""),
        effort_money=data.get("effort_money"),
        effort_people=data.get("effort_people"),
        level_structure="1" in levels,
        level_qualification="2" in levels,
        level_network="3" in levels,
        municipality=municipality,
        organisation=_organisation(data, municipality),
        images=images,
        materials=materials,
    )
    page.fields_of_engagement = list(data.get("fields_of_engagement") or [])
    page.target_groups = list(data.get("target_groups") or [])
    library.add_child(instance=page)
    page.save_revision(log_action=True)
    ExampleProposal.objects.create(
        page=page, name=data["name"], email=data["email"], phone=data.get("phone", ""), consent=True
    )
    start_workflow(page, "der Vorschlag")
    proposal = page.proposal
    transaction.on_commit(lambda: notify(proposal))
    return page


def notify(proposal):
    """One e-mail to every editor, one confirmation to the proposer; sent through Django's mail API."""
    page = proposal.page
    edit_url = admin_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    days = settings.PRAXIS_PROPOSAL_RETENTION_DAYS
    editor_body = (
        f"Guten Tag,\n\nüber die Website ist ein neuer Vorschlag für ein Praxisbeispiel eingegangen:\n\n"
        f"„{page.title}“\n{page.summary}\n\n"
        f"Eingereicht von: {proposal.name} <{proposal.email}>"
        f"{', Telefon ' + proposal.phone if proposal.phone else ''}\n\n"
        f"Der Entwurf wartet im Workflow „Redaktionelle Freigabe“ und ist nicht veröffentlicht:\n{edit_url}\n\n"
        f"Die Kontaktdaten werden {days} Tage nach Ihrer Entscheidung automatisch gelöscht."
    )
    proposer_body = (
        f"Guten Tag {proposal.name},\n\nvielen Dank für Ihren Vorschlag „{page.title}“. Er ist bei uns "
        "angekommen. Die Redaktion der Ehrenamtsagentur sieht ihn sich an und meldet sich bei Ihnen, "
        "wenn sie Fragen hat. Veröffentlicht wird erst, wenn die Redaktion ihn freigegeben hat.\n\n"
        f"Ihre Kontaktdaten löschen wir {days} Tage nach unserer Entscheidung.\n\n"
        "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"
    )
    messages = [
        EmailMessage(f"Neuer Vorschlag für ein Praxisbeispiel: {page.title}", editor_body, to=[address])
        for address in editor_addresses(EDITOR_GROUPS)
    ]
    messages.append(
        EmailMessage(
            "Ihr Vorschlag für ein Praxisbeispiel ist eingegangen", proposer_body, to=[proposal.email]
        )
    )
    send_mails(messages, f"zum Vorschlag {page.pk}")
