"""The one block vocabulary of the site. Every page type builds its own block list from it (see
content_blocks and ContentBlocks) plus the app blocks it needs, declared in that app's blocks.py.

Block names are stored data: rename them only with a data migration.
"""

import os
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.operations import pagecache

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


def human_size(num_bytes):
    """'1,2 MB' in German notation."""
    if num_bytes is None:
        return ""
    size = float(num_bytes)
    for unit in ("Byte", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            text = f"{size:.0f}" if unit == "Byte" else f"{size:.1f}".replace(".", ",")
            return f"{text} {unit}"
        size /= 1024
    return ""


def block_error(child: str, message: str) -> StructBlockValidationError:
    """The error of a StructBlock's ``clean``, shown at its child block ``child``."""
    return StructBlockValidationError(block_errors={child: ErrorList([ValidationError(message)])})


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Überschrift", max_length=150)
    level = blocks.ChoiceBlock(
        label="Ebene",
        choices=[("h2", "Zwischenüberschrift"), ("h3", "Unterüberschrift"), ("h4", "Kleine Überschrift")],
        default="h2",
        help_text="Zwischenüberschriften gliedern die Seite; Unterüberschriften gliedern einen Abschnitt.",
    )

    class Meta:
        icon = "title"
        label = "Überschrift"
        template = "blocks/heading.html"
        description = "Eine Überschrift, die die Seite gliedert."
        preview_value = {"text": "So beantragen Sie Fördermittel", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "blocks/paragraph.html"
        description = "Fließtext mit Fettdruck, Listen und Links."
        preview_value = (
            "<p>Der Ehrenamtsbeirat berät Vereine, Kirchgemeinden und Initiativen im ganzen "
            "Kyffhäuserkreis – von Artern bis Ebeleben.</p>"
        )


class ImageStructValue(blocks.StructValue):
    @property
    def alt(self):
        return "" if self.get("decorative") else self.get("alt_text", "")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Bild")
    alt_text = blocks.CharBlock(
        label="Alternativtext",
        required=False,
        max_length=250,
        help_text="Beschreiben Sie, was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen können. "
        "Pflicht, außer das Bild ist rein dekorativ.",
    )
    decorative = blocks.BooleanBlock(
        label="Rein dekorativ",
        required=False,
        help_text="Nur ankreuzen, wenn das Bild keine Information trägt. Dann lesen Screenreader es nicht vor.",
    )
    caption = blocks.CharBlock(label="Bildunterschrift", required=False, max_length=250)
    credit = blocks.CharBlock(label="Bildnachweis", required=False, max_length=120)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise block_error(
                "alt_text", "Bitte einen Alternativtext eingeben oder „Rein dekorativ“ ankreuzen."
            )
        return value

    class Meta:
        icon = "image"
        label = "Bild"
        template = "blocks/image.html"
        value_class = ImageStructValue
        description = "Ein Bild mit Alternativtext, Bildunterschrift und Bildnachweis."
        preview_value = {"alt_text": "", "decorative": True, "caption": "Beispielbild"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Zitat", max_length=600)
    source = blocks.CharBlock(label="Wer sagt das?", required=False, max_length=150)
    role = blocks.CharBlock(label="Funktion oder Verein", required=False, max_length=150)

    class Meta:
        icon = "openquote"
        label = "Zitat"
        template = "blocks/quote.html"
        description = "Ein hervorgehobenes Zitat mit Quelle."
        preview_value = {
            "text": "Ohne die vielen Helferinnen und Helfer gäbe es unser Dorffest nicht.",
            "source": "Vorsitzende eines Heimatvereins",
            "role": "Greußen",
        }


class UpcomingValue(blocks.StructValue):
    """The next entries that match the editor's filters, from the query the block names."""

    def listing(self, request=None) -> dict:
        block = self.block
        filters = {name: self.get(name) for name in block.filters}
        count = self.get("count") or block.child_blocks["count"].meta.default
        return import_string(block.query)(**filters, count=count, request=request)


class UpcomingBlock(blocks.StructBlock):
    """The shape of the blocks "Nächste …": a heading, filters and a count, the list from the app's query.

    A subclass declares its child blocks (``title``, its filters, ``count``) and sets ``query`` (the dotted
    path of a function ``(**filters, count=, request=)`` that returns the template context: the app's
    models import its blocks, so the block names the query instead of importing it), ``filters`` (the
    child blocks passed to the query), ``cache_tag`` (what a cached page depends on) and ``heading_id``
    (the start of the heading's id). The list is valid until the next quarter of an hour.
    """

    query = ""
    filters: tuple[str, ...] = ()
    cache_tag = ""
    heading_id = ""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        pagecache.depends_on(request, self.cache_tag)
        pagecache.valid_until(request, pagecache.next_quarter_hour())
        context.update(value.listing(request))
        context["heading_id"] = f"{self.heading_id}-{id(value)}"
        return context

    class Meta:
        value_class = UpcomingValue


class LinkStructValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""


class PageOrUrlBlock(blocks.StructBlock):
    """A block that leads to exactly one target: its child ``page`` or its child ``url`` (``value.href``)."""

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise block_error("page", "Bitte genau ein Ziel wählen: eine Seite oder eine externe Adresse.")
        return value

    class Meta:
        value_class = LinkStructValue


class CallToActionBlock(PageOrUrlBlock):
    title = blocks.CharBlock(label="Titel", max_length=120)
    text = blocks.TextBlock(label="Text", required=False, max_length=400)
    button_label = blocks.CharBlock(
        label="Beschriftung der Schaltfläche",
        max_length=60,
        help_text="Sagen Sie, was passiert, z. B. „Jetzt Förderung beantragen“, nicht „Hier klicken“.",
    )
    page = blocks.PageChooserBlock(label="Ziel auf dieser Website", required=False)
    url = blocks.URLBlock(label="Oder externe Adresse", required=False)

    class Meta:
        icon = "pick"
        label = "Handlungsaufruf"
        template = "blocks/call_to_action.html"
        description = "Ein Kasten mit Titel, kurzem Text und einer Schaltfläche."
        preview_value = {
            "title": "Förderung für Ihren Verein",
            "text": "Anträge für das kommende Jahr sind bis zum 31. August möglich.",
            "button_label": "Zur Förderrichtlinie",
            "url": "https://example.org/",
        }


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="Frage oder Titel", max_length=200)
    answer = ParagraphBlock(label="Antwort")

    class Meta:
        icon = "help"
        label = "Eintrag"


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Überschrift über den Fragen", required=False, max_length=150)
    faq = blocks.BooleanBlock(
        label="Als häufige Fragen (FAQ) auszeichnen",
        required=False,
        help_text="Suchmaschinen erkennen die Einträge dann als Fragen und Antworten.",
    )
    items = blocks.ListBlock(AccordionItemBlock(), label="Einträge", min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Aufklappbereiche / FAQ"
        template = "blocks/accordion.html"
        description = "Fragen und Antworten, die Leserinnen und Leser aufklappen."
        preview_value = {
            "title": "Häufige Fragen",
            "items": [
                {"question": "Wer kann einen Antrag stellen?", "answer": "<p>Vereine mit Sitz im Kreis.</p>"},
                {"question": "Bis wann?", "answer": "<p>Bis zum 31. August für das Folgejahr.</p>"},
            ],
        }


class DownloadItemValue(blocks.StructValue):
    @cached_property
    def document(self):
        return self.get("document")

    @property
    def label(self):
        return self.get("title") or (self.document.title if self.document else "")

    @property
    def file_type(self):
        if not self.document:
            return ""
        return os.path.splitext(self.document.file.name)[1].lstrip(".").upper()

    @property
    def file_size(self):
        if not self.document:
            return ""
        size = self.document.file_size
        if size is None:
            try:
                size = self.document.file.size
            except OSError:
                return ""
        return human_size(size)


class DownloadItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Datei")
    title = blocks.CharBlock(
        label="Angezeigter Name",
        required=False,
        max_length=150,
        help_text="Leer lassen, um den Titel der Datei zu zeigen.",
    )

    class Meta:
        icon = "doc-full"
        label = "Datei"
        value_class = DownloadItemValue


class DownloadsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Überschrift", required=False, max_length=150, default="Downloads")
    files = blocks.ListBlock(DownloadItemBlock(), label="Dateien", min_num=1)

    class Meta:
        icon = "download"
        label = "Downloads"
        template = "blocks/downloads.html"
        description = "Dateien zum Herunterladen; Dateityp und Größe werden automatisch angezeigt."
        preview_value = {"title": "Downloads", "files": []}


class ContactCardBlock(blocks.StructBlock):
    def get_preview_value(self):
        """The note plus the first person of the contact list: the preview shows a real card."""
        from cms.models import ContactPerson  # late: blocks are imported while models load

        return self.normalize(
            {**self.meta.preview_value, "contact": ContactPerson.objects.order_by("pk").first()}
        )

    contact = SnippetChooserBlock("cms.ContactPerson", label="Ansprechperson")
    note = blocks.CharBlock(
        label="Hinweis",
        required=False,
        max_length=200,
        help_text="Zum Beispiel „Fragen zur Förderung beantwortet Ihnen gern:“",
    )

    class Meta:
        icon = "user"
        label = "Kontaktkarte"
        template = "blocks/contact_card.html"
        description = "Eine Ansprechperson aus der Kontaktliste mit Telefon und E-Mail."
        preview_value = {"note": "Fragen zur Förderung beantwortet Ihnen gern:"}


class CaptionedTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = "Tabelle"
        template = "blocks/table.html"
        description = "Eine Tabelle mit Beschriftung; die erste Zeile kann Spaltenüberschriften enthalten."
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Sprechzeiten der Ehrenamtsagentur",
            "data": [["Tag", "Uhrzeit"], ["Dienstag", "9–12 und 13–17 Uhr"], ["Donnerstag", "9–12 Uhr"]],
        }


class VideoStructValue(blocks.StructValue):
    @property
    def embed_url(self):
        """The privacy-friendly player address; loaded only after the visitor clicks."""
        url = self.get("url") or ""
        parsed = urlparse(url)
        host = (parsed.hostname or "").lower()
        if host.endswith("youtube.com"):
            video_id = parse_qs(parsed.query).get("v", [""])[0]
            return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1" if video_id else ""
        if host == "youtu.be":
            return f"https://www.youtube-nocookie.com/embed/{parsed.path.lstrip('/')}?autoplay=1"
        if host.endswith("vimeo.com"):
            video_id = parsed.path.strip("/").split("/")[-1]
            return f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1" if video_id.isdigit() else ""
        return ""

    @property
    def provider(self):
        host = (urlparse(self.get("url") or "").hostname or "").lower()
        if "vimeo" in host:
            return "Vimeo"
        if "youtu" in host:
            return "YouTube"
        return ""


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel des Videos", max_length=150)
    document = DocumentChooserBlock(
        label="Videodatei (MP4 oder WebM)",
        required=False,
        help_text="Am besten selbst gehostet: dann fließen keine Daten an andere Anbieter.",
    )
    url = blocks.URLBlock(
        label="Oder Adresse bei YouTube oder Vimeo",
        required=False,
        help_text="Das Video wird erst geladen, wenn jemand auf „Video abspielen“ klickt.",
    )
    poster = ImageChooserBlock(label="Vorschaubild", required=False)
    transcript = blocks.TextBlock(
        label="Text zum Video (Transkript)",
        required=False,
        help_text="Für Menschen, die nicht hören können oder das Video nicht abspielen wollen.",
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("document")) == bool(value.get("url")):
            raise block_error("url", "Bitte entweder eine Videodatei oder eine Adresse angeben.")
        if value.get("url") and not VideoStructValue(self, value).embed_url:
            raise block_error("url", "Bitte eine Adresse von YouTube oder Vimeo angeben.")
        return value

    class Meta:
        icon = "media"
        label = "Video"
        template = "blocks/video.html"
        value_class = VideoStructValue
        description = "Ein Video, das erst nach einem Klick geladen wird."
        preview_value = {
            "title": "Ehrenamt im Kyffhäuserkreis",
            "url": "https://www.youtube.com/watch?v=abc123",
        }


def content_blocks():
    """The shared vocabulary as fresh (name, block) pairs, in the order editors see them.

    Fresh instances on every call: no two page types share a block object, so a change to one page
    type's list never touches another's (and its migration stays in that app).
    """
    return [
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock()),
        ("image", ImageBlock()),
        ("quote", QuoteBlock()),
        ("call_to_action", CallToActionBlock()),
        ("accordion", AccordionBlock()),
        ("downloads", DownloadsBlock()),
        ("contact", ContactCardBlock()),
        ("table", CaptionedTableBlock()),
        ("video", VideoBlock()),
    ]


class ContentBlocks(blocks.StreamBlock):
    """Body text from the shared vocabulary; a page type adds the app blocks it needs as local_blocks.

    Each page type declares its own list in its app's blocks.py, e.g.
    ``ContentBlocks([("upcoming_events", UpcomingEventsBlock())])``. cms imports no app.
    """

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks=[*content_blocks(), *(local_blocks or [])], **kwargs)
