"""Services of "Praxisbeispiel vorschlagen" (fields in forms.py, view in views.py): a proposal becomes a draft
example in moderation; editors and the proposer get an e-mail, and the proposer hears of the editors' first
decision (the link once published, the editor's reason when declined; called from signals.py)."""

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

from cms.content.public_address import page_url
from cms.forms.private_files import delete_private_files
from cms.forms.public import (
    admin_url,
    decision_text,
    editor_addresses,
    send_mails,
    send_notice_and_receipt,
    start_workflow,
)
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
    """The draft example (never live), the proposer's data and files apart, and the workflow started."""
    data = form.cleaned_data
    slug = unique_child_slug(library, data["title"])

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
    )
    page.fields_of_engagement = list(data.get("fields_of_engagement") or [])
    page.target_groups = list(data.get("target_groups") or [])
    library.add_child(instance=page)
    page.save_revision(log_action=True)
    proposal = ExampleProposal(
        page=page, name=data["name"], email=data["email"], phone=data.get("phone", ""), consent=True
    )
    # The files stay in private storage (no Image or Document yet) until the editors publish the example.
    if data.get("image"):
        proposal.photo.save(random_file_name(data["image"]), File(data["image"]), save=False)
        proposal.photo_alt = data["image_alt"]
    if data.get("material"):
        proposal.material.save(random_file_name(data["material"]), File(data["material"]), save=False)
    proposal.save()
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
    send_notice_and_receipt(
        editor_addresses(EDITOR_GROUPS),
        (f"Neuer Vorschlag für ein Praxisbeispiel: {page.title}", editor_body),
        ("Ihr Vorschlag für ein Praxisbeispiel ist eingegangen", proposer_body, proposal.email),
        f"zum Vorschlag {page.pk}",
    )


def notify_decision(page, *, published: bool, reason: str = "") -> None:
    """Tells the proposer that the editors published the example (with its link) or declined it (with their
    reason), after the decision is committed."""
    proposal = ExampleProposal.objects.filter(page_id=page.pk).exclude(email="").first()
    if proposal is None:
        return
    days = settings.PRAXIS_PROPOSAL_RETENTION_DAYS
    published_url = page_url(page) if published else ""
    outcome = "ist veröffentlicht" if published else "wird nicht veröffentlicht"
    body = (
        f"Guten Tag {proposal.name},\n\nÜber Ihren Vorschlag „{page.title}“ für die Sammlung guter Praxis hat "
        f"die Redaktion der Ehrenamtsagentur entschieden. {decision_text(published_url=published_url, reason=reason)}"
        f"\n\nIhre Kontaktdaten löschen wir {days} Tage nach dieser Entscheidung.\n\n"
        "Mit freundlichen Grüßen\nEhrenamtsagentur des Kyffhäuserkreises"
    )
    message = EmailMessage(f"Ihr Praxisbeispiel {outcome}: {page.title}", body, to=[proposal.email])
    transaction.on_commit(lambda: send_mails([message], f"zur Entscheidung über Vorschlag {page.pk}"))


def publish_proposal_files(page):
    """On publishing: the proposal's private files become an image and a document in the public (root)
    collection, are attached to the page (a new revision, which becomes the live one) and leave the private
    storage. Returns how many files were published."""
    proposal = ExampleProposal.objects.filter(page_id=page.pk).first()
    if proposal is None or not (proposal.photo or proposal.material):
        return 0
    for field in (proposal.photo, proposal.material):
        if field and not field.storage.exists(field.name):  # gone from the disk: publish without it
            field.name = ""
    page = page.specific_class.objects.get(pk=page.pk)
    count = 0
    if proposal.photo:
        image = _public_copy(get_image_model(), f"Foto zum Praxisbeispiel „{page.title}“", proposal.photo)
        page.images.append(("image", {"image": image, "alt_text": proposal.photo_alt, "decorative": False}))
        count += 1
    if proposal.material:
        document = _public_copy(
            get_document_model(), f"Material zum Praxisbeispiel „{page.title}“", proposal.material
        )
        page.materials.append(
            ("downloads", {"title": "Materialien", "files": [{"document": document, "title": ""}]})
        )
        count += 1
    if count:
        revision = page.save_revision(changed=False, log_action=False, clean=False)
        page.live_revision = revision
        page.save(update_fields=["images", "materials", "live_revision"], clean=False)
    files = [proposal.photo.name, proposal.material.name]
    proposal.photo = proposal.material = ""
    proposal.photo_alt = ""
    proposal.save(update_fields=["photo", "photo_alt", "material"])
    transaction.on_commit(lambda: delete_private_files(files))
    return count


def _public_copy(model, title, private_file):
    """A Wagtail image or document in the root collection with a copy of the private file (fresh name, the
    metadata Wagtail reads from the file: size and hash, for images also width and height)."""
    item = model(title=title, collection=Collection.get_first_root_node())
    with private_file.open("rb") as source:
        item.file.save(_public_name(private_file.name), File(source), save=False)
    for reader in ("_set_image_file_metadata", "_set_document_file_metadata"):
        if hasattr(item, reader):
            getattr(item, reader)()
    item.save()
    return item


def _public_name(private_name):
    """A fresh random name with the private file's extension (nothing from the title)."""
    extension = private_name.rsplit(".", 1)[-1].lower()
    return f"{secrets.token_hex(16)}.{extension}"


def discard_proposal_files(proposal):
    """On rejection: the private files are deleted and the fields emptied."""
    files = [proposal.photo.name, proposal.material.name]
    if not any(files):
        return
    proposal.photo = proposal.material = ""
    proposal.photo_alt = ""
    proposal.save(update_fields=["photo", "photo_alt", "material"])
    transaction.on_commit(lambda: delete_private_files(files))
