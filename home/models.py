"""Level 1 of the Leitbild: the home page, content pages, news, the Beirat and funding programmes."""

from datetime import date

from django import forms as django_forms
from django.conf import settings
from django.db import models
from django.http import HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, DownloadsBlock
from cms.content.leitbild import LEVELS
from cms.content.pagination import paginate
from cms.content.public_address import absolute
from cms.content.routes import to_view
from cms.models import BasePage, contact_field, intro_field
from cms.operations.errors import BadQuery
from home.blocks import BeiratBlocks, FundingProgrammeBlocks, NewsBlocks, PageBodyBlocks

BODY_HELP = "Fügen Sie mit dem Plus-Zeichen Bausteine hinzu: Text, Überschrift, Bild, Downloads und mehr."
IMAGE_HELP = (
    "Das Bild erscheint oben auf der Meldung und im RSS-Feed. Was es zeigt, schreiben Sie in das Feld "
    "„Alternativtext des Bildes“ darunter."
)


STRUCTURE, QUALIFICATION, NETWORK = LEVELS


def _level_target(level, short_name, example):
    """The page a level's box on the home page leads to."""
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=f"Ebene {level.key}: {short_name} (Zielseite)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=f"Wohin der Kasten „{level.home_title}“ führt, {example}.",
    )


def _level_text(level, default):
    """The sentence in a level's box on the home page."""
    return models.CharField(
        f"Ebene {level.key}: Text",
        max_length=250,
        blank=True,
        default=default,
        help_text="Ein Satz, der sagt, was man dort findet.",
    )


class HomePage(BasePage):
    """The start page: what is new and the three levels of the Leitbild."""

    intro = intro_field(500, "Zwei, drei Sätze, die sagen, wofür die Website da ist.")
    level_structure_page = _level_target(STRUCTURE, "Strukturen", "z. B. zur Seite des Beirats")
    level_structure_text = _level_text(
        STRUCTURE,
        "Ehrenamtsagentur, Ehrenamtsbeirat und Förderrichtlinie: wer Ihnen hilft und was gefördert wird.",
    )
    level_qualification_page = _level_target(
        QUALIFICATION, "Beratung und Qualifizierung", "z. B. zum Kursprogramm"
    )
    level_qualification_text = _level_text(
        QUALIFICATION, "Beratung und Weiterbildung für Vereine, Initiativen und alle, die sich engagieren."
    )
    level_network_page = _level_target(NETWORK, "Vernetzung", "z. B. zum Kalender")
    level_network_text = _level_text(
        NETWORK, "Termine im Netzwerk und gute Beispiele aus dem Kreis, die zum Nachmachen einladen."
    )
    news_count = models.PositiveSmallIntegerField(
        "Anzahl Meldungen", default=3, help_text="So viele neue Meldungen zeigt die Startseite."
    )
    body = StreamField(PageBodyBlocks(), verbose_name="Weitere Inhalte", blank=True, help_text=BODY_HELP)

    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel(f"{level.field}_{part}") for level in LEVELS for part in ("page", "text")],
            heading="Die drei Ebenen des Leitbilds",
        ),
        FieldPanel("news_count"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "home.NewsIndexPage",
        "home.BeiratPage",
        "home.FundingProgrammePage",
        "netzwerk.CalendarPage",
        "praxisbeispiele.LibraryPage",
        "qualifizierung.CourseProgrammePage",
        "barrierefreiheit.AccessibilityStatementPage",
        "barrierefreiheit.EasyLanguagePage",
        "barrierefreiheit.SignLanguagePage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "Startseite"
        verbose_name_plural = "Startseiten"

    def leitbild_levels(self):
        """(title, text, live target page or None) for the three levels, the targets in one query."""
        levels = [
            (level.home_title, getattr(self, f"{level.field}_text"), getattr(self, f"{level.field}_page_id"))
            for level in LEVELS
        ]
        targets = Page.objects.live().in_bulk([pk for _title, _text, pk in levels if pk])
        return [(title, text, targets.get(pk)) for title, text, pk in levels]

    def latest_news(self):
        return NewsPage.objects.for_listing().descendant_of(self)[: self.news_count]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news"] = self.latest_news()
        context["news_index"] = NewsIndexPage.objects.live().descendant_of(self).first()
        if context["news_index"]:
            context["home_feeds"] = [
                {
                    "type": "application/rss+xml",
                    "title": "RSS-Feed der Meldungen",
                    "url": context["news_index"].url + context["news_index"].reverse_subpage("rss"),
                }
            ]
        context["levels"] = self.leitbild_levels()
        return context


class ContentPage(BasePage):
    """A general page built from the block vocabulary (Impressum, Kontakt, topic pages …)."""

    teaser = models.TextField(
        "Kurztext", max_length=300, blank=True, help_text="Erscheint in Listen und Suchtreffern."
    )
    body = StreamField(PageBodyBlocks(), verbose_name="Inhalt", blank=True, help_text=BODY_HELP)

    search_fields = BasePage.search_fields + [index.SearchField("teaser"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("teaser"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage", "netzwerk.CalendarPage"]
    subpage_types = ["home.ContentPage", "home.BeiratPage", "home.FundingProgrammePage"]

    class Meta:
        verbose_name = "Inhaltsseite"
        verbose_name_plural = "Inhaltsseiten"


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The list of all news items, newest first, with RSS feed."""

    intro = intro_field(500, "Ein, zwei Sätze über der Liste der Meldungen.")

    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "Meldungsübersicht"
        verbose_name_plural = "Meldungsübersichten"

    def news(self, tag=None):
        items = NewsPage.objects.for_listing().child_of(self)
        if tag:
            items = items.filter(tags__slug=tag)
        return items

    @path("")
    def index_route(self, request):
        tag = request.GET.get("schlagwort", "").strip()[:100]
        if "\x00" in tag:  # PostgreSQL refuses NUL in a string literal: a 500 otherwise
            raise BadQuery("Das Schlagwort enthält ungültige Zeichen.")
        page_obj = paginate(request, self.news(tag), settings.NEWS_PER_PAGE)
        return self.render(request, context_overrides={"page_obj": page_obj, "news": page_obj, "tag": tag})

    @path("rss/", name="rss")
    def rss_route(self, request):
        return to_view("home.feeds.news_feed", request, self)

    @path("feed/", name="feed")
    def old_feed_route(self, request):
        """The feed's first address: moved for good to rss/, the calendar's pattern."""
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(
            self.url + self.reverse_subpage("rss") + (f"?{query}" if query else "")
        )


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPageQuerySet(PageQuerySet):
    def for_listing(self):
        """Live public news, newest first, with images and tags prefetched for list views."""
        return (
            self.live()
            .public()
            .order_by("-date", "-pk")
            .select_related("image")
            .prefetch_related(
                "image__renditions",
                models.Prefetch("tagged_items", queryset=NewsPageTag.objects.select_related("tag")),
            )
        )


class NewsPage(BasePage):
    """One news item of the Beirat."""

    date = models.DateField("Datum", default=date.today, help_text="Wird über der Meldung angezeigt.")
    teaser = models.TextField(
        "Kurztext", max_length=300, help_text="Erscheint in Listen, im RSS-Feed und in Suchtreffern."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Bild",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=IMAGE_HELP,
    )
    image_alt = models.CharField(
        "Alternativtext des Bildes",
        max_length=250,
        blank=True,
        help_text="Beschreiben Sie kurz, was zu sehen ist. Leer lassen, wenn das Bild nur schmückt.",
    )
    body = StreamField(NewsBlocks(), verbose_name="Inhalt", help_text=BODY_HELP)
    tags = ClusterTaggableManager(
        "Schlagwörter",
        through=NewsPageTag,
        blank=True,
        help_text="Mit Komma trennen, z. B. „Förderung, Sport“.",
    )

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    search_fields = BasePage.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date")]),
        FieldPanel("teaser"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Bild"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Meldung"
        verbose_name_plural = "Meldungen"
        ordering = ["-date", "-pk"]

    @cached_property
    def tag_list(self):
        return self.tags_through(NewsPageTag)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self.get_parent()
        return context

    def get_json_ld(self, request=None):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.teaser,
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or timezone.now()).isoformat(),
            "inLanguage": "de",
            "publisher": {"@type": "GovernmentOrganization", "name": "Ehrenamtsbeirat des Kyffhäuserkreises"},
            "author": {"@type": "Organization", "name": "Ehrenamtsbeirat des Kyffhäuserkreises"},
            "mainEntityOfPage": self.get_full_url(request),
        }
        if self.image_id:
            rendition = self.image.get_rendition("fill-1200x675")
            data["image"] = absolute(rendition.url)
        keywords = [tag.name for tag in self.tag_list]
        if keywords:
            data["keywords"] = keywords
        return data


class BeiratPage(BasePage):
    """The Ehrenamtsbeirat: its task, its members and the contacts of the Ehrenamtsagentur."""

    intro = RichTextField(
        "Aufgabe des Beirats",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Was der Beirat tut, in wenigen Absätzen.",
    )
    contacts = ParentalManyToManyField(
        "cms.ContactPerson",
        verbose_name="Ansprechpersonen",
        blank=True,
        help_text="Wählen Sie die Ansprechpersonen der Ehrenamtsagentur aus der Kontaktliste.",
    )
    body = StreamField(BeiratBlocks(), verbose_name="Weitere Inhalte", blank=True, help_text=BODY_HELP)

    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("members", heading="Mitglieder", label="Mitglied"),
        FieldPanel("contacts", widget=django_forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = "Seite des Beirats"
        verbose_name_plural = "Seiten des Beirats"

    def member_list(self):
        return (
            self.members.select_related("photo").prefetch_related("photo__renditions").order_by("sort_order")
        )

    def contact_list(self):
        return self.contacts.select_related("photo").prefetch_related("photo__renditions")


class BeiratMember(Orderable):
    """A member of the Ehrenamtsbeirat."""

    page = ParentalKey(BeiratPage, related_name="members", on_delete=models.CASCADE)
    name = models.CharField("Name", max_length=120, help_text="Vor- und Nachname.")
    role = models.CharField(
        "Rolle im Beirat", max_length=120, help_text="z. B. „Vorsitzende“ oder „Mitglied“"
    )
    organisation = models.CharField(
        "Organisation", max_length=200, blank=True, help_text="Verein, Verband, Kirche oder Verwaltung"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Foto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Freiwillig. Nur mit Einverständnis der Person.",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation"), FieldPanel("photo")]

    class Meta(Orderable.Meta):
        verbose_name = "Mitglied"
        verbose_name_plural = "Mitglieder"


class FundingProgrammePage(BasePage):
    """A funding programme: purposes, eligibility, deadline, forms and published results."""

    teaser = models.TextField("Kurztext", max_length=300, help_text="Erscheint in Listen und Suchtreffern.")
    purposes = ParentalManyToManyField(
        "cms.FundingPurpose",
        verbose_name="Förderzwecke",
        blank=True,
        help_text="Was nach der Richtlinie gefördert werden kann (Buchstaben a bis g).",
    )
    eligibility = RichTextField(
        "Wer kann einen Antrag stellen?",
        features=RICH_TEXT_FEATURES,
        help_text="z. B. gemeinnützige Vereine mit Sitz im Kyffhäuserkreis.",
    )
    max_amount = models.DecimalField(
        "Höchstbetrag je Antrag (Euro)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leer lassen, wenn es keinen festen Höchstbetrag gibt.",
    )
    deadline = models.DateField(
        "Antragsfrist",
        null=True,
        blank=True,
        help_text="Letzter Tag, an dem ein Antrag eingehen kann. Die Seite zeigt dann „Frist endet in N Tagen“.",
    )
    body = StreamField(FundingProgrammeBlocks(), verbose_name="Beschreibung", blank=True, help_text=BODY_HELP)
    forms = StreamField(
        [("downloads", DownloadsBlock())],
        verbose_name="Antragsformulare",
        blank=True,
        max_num=1,
        help_text="Antrag, Abrechnung, Verwendungsnachweis als Dateien zum Herunterladen.",
    )
    contact = contact_field(
        "Wer Fragen zu diesem Programm beantwortet. Neue Personen legen Sie unter „Ansprechpersonen“ an."
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("eligibility"),
        index.SearchField("body"),
        index.RelatedFields("purposes", [index.SearchField("title")]),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("purposes", widget=django_forms.CheckboxSelectMultiple),
        FieldPanel("eligibility"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("max_amount")], heading="Frist und Betrag"),
        FieldPanel("body"),
        FieldPanel("forms"),
        FieldPanel("contact"),
        InlinePanel("results", heading="Veröffentlichte Vergabeergebnisse", label="Ergebnis eines Jahres"),
    ]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Förderprogramm"
        verbose_name_plural = "Förderprogramme"

    @property
    def days_left(self):
        """Days until the deadline, counting today; None without deadline or when it has passed."""
        if not self.deadline:
            return None
        days = (self.deadline - timezone.localdate()).days
        return days if days >= 0 else None

    @property
    def deadline_notice(self):
        days = self.days_left
        if days is None:
            return "Die Antragsfrist ist abgelaufen." if self.deadline else ""
        if days == 0:
            return "Frist endet heute"
        if days == 1:
            return "Frist endet morgen"
        return f"Frist endet in {days} Tagen"

    def result_list(self):
        return self.results.order_by("-year")


class FundingResult(Orderable):
    """The published allocation result of one year."""

    page = ParentalKey(FundingProgrammePage, related_name="results", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("Jahr", help_text="Das Förderjahr, z. B. 2026.")
    applications = models.PositiveIntegerField(
        "Anzahl Anträge", help_text="Wie viele Anträge eingegangen sind."
    )
    total_amount = models.DecimalField(
        "Fördersumme insgesamt (Euro)",
        max_digits=11,
        decimal_places=2,
        help_text="Summe aller Zuschüsse, z. B. 31000.",
    )
    recipients = models.PositiveIntegerField(
        "Anzahl Geförderte", help_text="Wie viele Vereine, Initiativen und Gemeinden Geld bekommen haben."
    )
    note = models.CharField(
        "Erläuterung", max_length=250, blank=True, help_text="z. B. „83 Vereine und 6 Gemeinden“"
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("applications")]),
        FieldRowPanel([FieldPanel("total_amount"), FieldPanel("recipients")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Vergabeergebnis"
        verbose_name_plural = "Vergabeergebnisse"
