"""Level 3 of the Leitbild: the good-practice library with facets, curation and public proposals."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms as django_forms
from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import DownloadsBlock, ImageBlock
from cms.content.leitbild import LEVEL_CHOICES, LEVELS
from cms.content.pagination import paginate
from cms.content.routes import public_form_routes
from cms.content.text import bullet_lines
from cms.content.visibility import visible_pages
from cms.forms.private_files import private_file_url, private_storage
from cms.forms.submissions import CONTACT_FIELDS, SubmissionContact, read_only_panels
from cms.models import (
    BasePage,
    FieldOfEngagement,
    FundingPurpose,
    Municipality,
    Organisation,
    TargetGroup,
    contact_field,
    intro_field,
)
from cms.operations.errors import BadQuery
from praxisbeispiele.blocks import LibraryBlocks, LinkBlock, StepsBlock

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 30
TAG_FACET_SIZE = 25

SORTS = {
    "neu": ("Neueste zuerst", ("-first_published_at", "-pk")),
    "az": ("Alphabetisch (A–Z)", ("title", "pk")),
}
SAVED_QUERY_ORDERS = {
    "neu": ("-first_published_at", "-pk"),
    "az": ("title", "pk"),
    "empfohlen": ("-featured", "-first_published_at", "-pk"),
}


class PracticeExampleTag(TaggedItemBase):
    content_object = ParentalKey(
        "praxisbeispiele.PracticeExamplePage", related_name="tagged_items", on_delete=models.CASCADE
    )


# Facets in the order the library shows them: (URL parameter, German label).
FACETS = [
    ("ebene", "Ebene des Leitbilds"),
    ("bereich", "Engagementbereich"),
    ("zielgruppe", "Zielgruppe"),
    ("gemeinde", "Gemeinde"),
    ("organisationsart", "Art der Organisation"),
    ("foerderzweck", "Förderzweck"),
    ("schlagwort", "Schlagwort"),
]
FACET_LABELS = dict(FACETS)


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    values: list = field(default_factory=list)

    @property
    def selected_count(self):
        return sum(1 for value in self.values if value.selected)


@dataclass
class LibraryQuery:
    """What a visitor asked the library for: facet values, search text and order, read from the URL."""

    selection: dict = field(default_factory=dict)
    text: str = ""
    sort: str = "neu"

    @classmethod
    def from_querydict(cls, params):
        text = params.get("suche", "").strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise BadQuery(f"Der Suchbegriff ist zu lang: höchstens {MAX_QUERY_LENGTH} Zeichen.")
        if "\x00" in text:
            raise BadQuery("Der Suchbegriff enthält ungültige Zeichen.")
        sort = params.get("sortierung", "").strip() or "neu"
        if sort not in SORTS:
            raise BadQuery("Diese Sortierung gibt es nicht. Möglich sind „neu“ und „az“.")
        selection = {}
        for param, label in FACETS:
            values = list(dict.fromkeys(v.strip() for v in params.getlist(param) if v.strip()))
            if len(values) > MAX_VALUES_PER_FACET or any(len(v) > 100 for v in values):
                raise BadQuery(f"Zu viele oder zu lange Werte im Filter „{label}“.")
            if any("\x00" in v for v in values):  # PostgreSQL refuses NUL in a string literal
                raise BadQuery(f"Der Filter „{label}“ enthält ungültige Zeichen.")
            if values:
                selection[param] = values
        levels = {level.key for level in LEVELS}
        kinds = set(Organisation.Kind.values)
        for param, allowed in (("ebene", levels), ("organisationsart", kinds)):
            unknown = [v for v in selection.get(param, []) if v not in allowed]
            if unknown:
                raise BadQuery(f"Unbekannter Wert im Filter „{FACET_LABELS[param]}“: {unknown[0]}")
        return cls(selection=selection, text=text, sort=sort)

    @property
    def is_empty(self):
        return not self.selection and not self.text

    def active_filters(self, facets):
        """The ticked values as {facet, label, url}; the url is this query without that value."""
        chosen = []
        for facet in facets:
            for value in facet.values:
                if value.selected:
                    rest = [pair for pair in self.params() if pair != (facet.param, value.key)]
                    chosen.append({"facet": facet.label, "label": value.label, "url": "?" + urlencode(rest)})
        return chosen

    def params(self):
        """The query as (name, value) pairs for links, e.g. for the pagination."""
        pairs = [(param, value) for param, _label in FACETS for value in self.selection.get(param, [])]
        if self.text:
            pairs.append(("suche", self.text))
        if self.sort != "neu":
            pairs.append(("sortierung", self.sort))
        return pairs


def facet_condition(param, values):
    """The Q object of one facet: several values widen (OR), returned as one condition."""
    through = PracticeExamplePage
    if param == "ebene":
        condition = Q()
        for level in LEVELS:
            if level.key in values:
                condition |= Q(**{level.field: True})
        return condition
    if param == "bereich":
        ids = through.fields_of_engagement.through.objects.filter(fieldofengagement__slug__in=values)
        return Q(pk__in=ids.values("practiceexamplepage_id"))
    if param == "zielgruppe":
        ids = through.target_groups.through.objects.filter(targetgroup__slug__in=values)
        return Q(pk__in=ids.values("practiceexamplepage_id"))
    if param == "foerderzweck":
        ids = through.funding_purposes.through.objects.filter(fundingpurpose__code__in=values)
        return Q(pk__in=ids.values("practiceexamplepage_id"))
    if param == "gemeinde":
        return Q(municipality__slug__in=values)
    if param == "organisationsart":
        return Q(organisation__kind__in=values)
    if param == "schlagwort":
        ids = PracticeExampleTag.objects.filter(tag__slug__in=values)
        return Q(pk__in=ids.values("content_object_id"))
    raise ValueError(param)


class CountedQuerySet:
    """A queryset whose number of rows is already known (from the facet query): saves the paginator's COUNT."""

    ordered = True

    def __init__(self, queryset, count):
        self.queryset = queryset
        self._count = count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.queryset[key]


class PracticeExampleQuerySet(PageQuerySet):
    def visible(self):
        """Live and without a view restriction on the page or an ancestor.

        Same result as Wagtail's `public()`, but as a subquery: `public()` reads every restriction in an
        extra query each time it is called.
        """
        return visible_pages(self)

    def for_listing(self):
        """Live public examples with what a list card shows: place, organisation, fields of engagement."""
        return (
            self.visible()
            .select_related("municipality", "organisation")
            .prefetch_related("fields_of_engagement")
        )

    def matching_text(self, text):
        """Examples whose indexed text matches all words of `text` (German full text, Wagtail search).

        The search runs once on the unfiltered model and yields the matching ids (one query); facets,
        counts and order then work on plain SQL, the same on SQLite and PostgreSQL. Reading the ids once
        is much faster than repeating the full-text match inside every facet count.
        """
        if not text:
            return self
        results = PracticeExamplePage.objects.all().search(text, operator="and", order_by_relevance=False)
        get_queryset = getattr(results, "get_queryset", None)
        if get_queryset is not None:
            ids = list(get_queryset().values_list("pk", flat=True))
        else:
            ids = [page.pk for page in results]
        return self.filter(pk__in=ids)

    def filter_facets(self, selection, skip=None):
        """Apply every selected facet except `skip`; facets narrow each other (AND)."""
        queryset = self
        for param, values in selection.items():
            if param != skip and values:
                queryset = queryset.filter(facet_condition(param, values))
        return queryset

    def facets(self, selection):
        """Every facet with its values and result counts, and the number of results; at most one query
        per facet (Leitbild level, organisation type and the total share one).

        Counting rule (the usual one of faceted search): the count shown next to a value is the number
        of results you get when you tick that value in addition to what is ticked now. Several values
        of one facet widen the result (OR), so a facet's counts are computed with all *other* facets
        applied but not the facet itself. `self` is the set before any facet (library, live, search).

        Returns (facets, total). Unknown values in `selection` raise BadQuery with a German message.
        """
        conditions = {param: facet_condition(param, values) for param, values in selection.items() if values}

        def others(skip):
            combined = Q()
            for param, condition in conditions.items():
                if param != skip:
                    combined &= condition
            return combined

        def counted(condition):
            return Count("pk", filter=condition) if condition else Count("pk")

        fixed = self.aggregate(
            total=counted(others(None)),
            **{f"ebene_{level.key}": counted(others("ebene") & Q(**{level.field: True})) for level in LEVELS},
            **{
                f"art_{kind}": counted(others("organisationsart") & Q(organisation__kind=kind))
                for kind in Organisation.Kind.values
            },
        )
        built = []
        for param, label in FACETS:
            chosen = set(selection.get(param, []))
            if param == "ebene":
                rows = [(key, text, fixed[f"ebene_{key}"]) for key, text in LEVEL_CHOICES]
            elif param == "organisationsart":
                rows = [(kind, text, fixed[f"art_{kind}"]) for kind, text in Organisation.Kind.choices]
            else:
                rows = self._facet_rows(param, self.filter_facets(selection, skip=param).values("pk"), chosen)
            known = {key for key, _label, _count in rows}
            unknown = sorted(chosen - known)
            if unknown:
                raise BadQuery(f"Unbekannter Wert im Filter „{label}“: {unknown[0]}")
            values = [
                FacetValue(key, value_label, count, key in chosen)
                for key, value_label, count in rows
                if count or key in chosen
            ]
            built.append(Facet(param, label, values))
        return built, fixed["total"]

    def _facet_rows(self, param, ids, chosen):
        """(key, label, count) of every possible value of one facet, counted among `ids`."""
        if param == "schlagwort":
            rows = list(
                PracticeExampleTag.objects.filter(content_object__in=ids)
                .values_list("tag__slug", "tag__name")
                .annotate(n=Count("pk"))
                .order_by("-n", "tag__name")[:TAG_FACET_SIZE]
            )
            missing = chosen - {slug for slug, _name, _n in rows}
            if missing:  # ticked tags without results (or unknown ones): shown with 0
                rows += [(tag.slug, tag.name, 0) for tag in Tag.objects.filter(slug__in=missing)]
            return rows
        model, key_field, label_field = {
            "bereich": (FieldOfEngagement, "slug", "name"),
            "zielgruppe": (TargetGroup, "slug", "name"),
            "gemeinde": (Municipality, "slug", "name"),
            "foerderzweck": (FundingPurpose, "code", "title"),
        }[param]
        rows = model.objects.annotate(n=Count("practice_examples", filter=Q(practice_examples__in=ids)))
        rows = rows.values_list(key_field, label_field, "n")
        if model is FundingPurpose:
            return [(code, f"({code}) {title}", n) for code, title, n in rows]
        return list(rows)

    def saved_query(
        self, levels, fields_of_engagement, target_groups, municipalities, tag, featured_only, order, count
    ):
        """The examples of the editors' block "Praxisbeispiele"; values of one kind widen (OR)."""
        queryset = self.visible().select_related("municipality", "organisation")
        if levels:
            queryset = queryset.filter(facet_condition("ebene", levels))
        for relation, ids in (
            ("fields_of_engagement", fields_of_engagement),
            ("target_groups", target_groups),
        ):
            if ids:
                through = getattr(PracticeExamplePage, relation).through
                column = "fieldofengagement_id" if relation == "fields_of_engagement" else "targetgroup_id"
                matches = through.objects.filter(**{f"{column}__in": ids}).values("practiceexamplepage_id")
                queryset = queryset.filter(pk__in=matches)
        if municipalities:
            queryset = queryset.filter(municipality_id__in=municipalities)
        if tag:
            matches = PracticeExampleTag.objects.filter(tag__name__iexact=tag).values("content_object_id")
            queryset = queryset.filter(pk__in=matches)
        if featured_only:
            queryset = queryset.filter(featured=True)
        return queryset.order_by(*SAVED_QUERY_ORDERS.get(order, SAVED_QUERY_ORDERS["neu"]))[:count]


class LibraryPage(RoutablePageMixin, BasePage):
    """The good-practice library: facets, search, order and the form to propose an example."""

    intro = intro_field(600, "Zwei, drei Sätze über der Sammlung: wozu sie da ist und wie man sucht.")
    body = StreamField(
        LibraryBlocks(),
        verbose_name="Inhalte über der Liste",
        blank=True,
        help_text="Erscheint nur ohne gesetzte Filter, z. B. der Baustein „Praxisbeispiele“ mit den "
        "empfohlenen Beispielen.",
    )
    propose_intro = models.TextField(
        "Einleitung des Vorschlagsformulars",
        max_length=800,
        blank=True,
        default="Ihr Verein, Ihre Initiative oder Ihre Gemeinde hat etwas ausprobiert, das anderen helfen "
        "kann? Beschreiben Sie es kurz. Die Redaktion meldet sich, bevor etwas veröffentlicht wird.",
        help_text="Steht über dem Formular „Praxisbeispiel vorschlagen“.",
    )

    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("propose_intro"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["praxisbeispiele.PracticeExamplePage"]
    max_count = 1

    class Meta:
        verbose_name = "Sammlung der Praxisbeispiele"
        verbose_name_plural = "Sammlungen der Praxisbeispiele"

    def examples(self):
        """Every example a visitor may see in this library, before facets and search."""
        return PracticeExamplePage.objects.for_listing().child_of(self)

    def browse(self, request):
        """Facets, results page and query of a library request; raises BadQuery for bad input."""
        query = LibraryQuery.from_querydict(request.GET)
        base = self.examples().matching_text(query.text)
        facets, total = base.facets(query.selection)
        results = CountedQuerySet(base.filter_facets(query.selection).order_by(*SORTS[query.sort][1]), total)
        per_page = settings.PRAXIS_PER_PAGE
        return {
            "query": query,
            "facets": facets,
            "active_filters": query.active_filters(facets),
            "page_obj": paginate(request, results, per_page),
        }

    def route(self, request, path_components):
        """Examples are looked up with the data their page shows (place, organisation, contact) in one query."""
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                example = (
                    PracticeExamplePage.objects.child_of(self)
                    .filter(slug=path_components[0])
                    .select_related("municipality", "organisation", "contact", "contact__photo")
                    .first()
                )
                if example is not None:
                    example.library = self
                    return example.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("")
    def index_route(self, request):
        context = self.browse(request)
        context["sorts"] = [(key, label) for key, (label, _order) in SORTS.items()]
        context["examples"] = context["page_obj"]
        return self.render(request, context_overrides=context)

    # The views live in views.py, which imports this module: named by dotted path, so imports run one way.
    propose_route, propose_thanks_route = public_form_routes(
        "vorschlagen", "propose", "praxisbeispiele.views.propose", "praxisbeispiele.views.propose_thanks"
    )

    @property
    def propose_url(self):
        return self.url + self.reverse_subpage("propose")

    def get_json_ld(self, request=None):
        return self.collection_json_ld(self.intro, request)


class PracticeExamplePage(BasePage):
    """A good-practice example: what a club did, what it cost, what others can take over, whom to ask."""

    summary = models.TextField(
        "Kurzfassung",
        max_length=500,
        help_text="Zwei, drei Sätze: Wer hat was erreicht? Erscheint in Listen und Suchtreffern.",
    )
    starting_point = models.TextField(
        "Ausgangslage",
        blank=True,
        help_text="Welches Problem oder welcher Wunsch stand am Anfang? Absätze durch Leerzeilen trennen.",
    )
    steps = StreamField(
        StepsBlock(),
        verbose_name="Vorgehen",
        blank=True,
        help_text="Was wurde getan, Schritt für Schritt? Fügen Sie je Schritt einen Baustein hinzu.",
    )
    result = models.TextField(
        "Ergebnis und Wirkung",
        blank=True,
        help_text="Was hat sich verändert? Zahlen helfen: neue Mitglieder, Teilnehmende, Stunden.",
    )
    transferability = models.TextField(
        "Übertragbarkeit",
        blank=True,
        help_text="Was können andere Vereine oder Gemeinden übernehmen, was müssen sie anpassen?",
    )
    tips = models.TextField(
        "Tipps zum Nachmachen",
        blank=True,
        help_text="Jeder Tipp in eine eigene Zeile. Erscheint als Liste.",
    )
    effort_time = models.CharField(
        "Zeitaufwand",
        max_length=200,
        blank=True,
        help_text="z. B. „drei Monate Vorbereitung, dann zwei Stunden pro Woche“",
    )
    effort_money = models.DecimalField(
        "Kosten (Euro)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Was das Vorhaben ungefähr gekostet hat, in Euro. Leer lassen, wenn unbekannt.",
    )
    effort_people = models.PositiveSmallIntegerField(
        "Beteiligte Personen",
        null=True,
        blank=True,
        help_text="Wie viele Menschen haben es vorbereitet und getragen?",
    )
    funding_programme = models.CharField(
        "Förderprogramm",
        max_length=200,
        blank=True,
        help_text="z. B. „Ehrenamtsförderung des Kyffhäuserkreises“ oder „Aktiv vor Ort“.",
    )
    funding_purposes = ParentalManyToManyField(
        "cms.FundingPurpose",
        verbose_name="Förderzwecke",
        blank=True,
        related_name="practice_examples",
        help_text="Nach welchen Zwecken (a bis g) der Förderrichtlinie wurde gefördert?",
    )
    level_structure = models.BooleanField(
        "Ebene 1: Strukturelle Verankerung",
        default=False,
        help_text="Das Beispiel zeigt, wie Engagement in Verwaltung und Förderung verankert wird.",
    )
    level_qualification = models.BooleanField(
        "Ebene 2: Beratung und Qualifizierung",
        default=False,
        help_text="Das Beispiel zeigt Beratung, Fortbildung oder Begleitung von Engagierten.",
    )
    level_network = models.BooleanField(
        "Ebene 3: Vernetzung und gute Praxis",
        default=False,
        help_text="Das Beispiel zeigt Zusammenarbeit von Vereinen, Gemeinden und Initiativen.",
    )
    fields_of_engagement = ParentalManyToManyField(
        "cms.FieldOfEngagement",
        verbose_name="Engagementbereiche",
        blank=True,
        related_name="practice_examples",
        help_text="In welchen Bereichen spielt das Beispiel? Danach lässt sich filtern.",
    )
    target_groups = ParentalManyToManyField(
        "cms.TargetGroup",
        verbose_name="Zielgruppen",
        blank=True,
        related_name="practice_examples",
        help_text="Für wen ist das Beispiel besonders interessant?",
    )
    municipality = models.ForeignKey(
        "cms.Municipality",
        verbose_name="Gemeinde",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_examples",
        help_text="Wo das Beispiel stattfand.",
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        verbose_name="Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_examples",
        help_text="Wer es getragen hat. Neue Organisationen legen Sie unter „Stammdaten“ an.",
    )
    contact = contact_field("Wen andere anrufen oder anschreiben können. Nur mit Einverständnis der Person.")
    images = StreamField(
        [("image", ImageBlock())],
        verbose_name="Bilder",
        blank=True,
        help_text="Fotos mit Alternativtext. Nur Bilder, für die Sie die Rechte haben.",
    )
    materials = StreamField(
        [("downloads", DownloadsBlock())],
        verbose_name="Materialien zum Herunterladen",
        blank=True,
        max_num=1,
        help_text="Checklisten, Vorlagen, Flyer: was andere direkt nutzen können.",
    )
    links = StreamField(
        [("link", LinkBlock())],
        verbose_name="Links",
        blank=True,
        help_text="Websites oder Seiten, die zum Beispiel gehören.",
    )
    tags = ClusterTaggableManager(
        "Schlagwörter",
        through=PracticeExampleTag,
        blank=True,
        help_text="Freie Stichwörter, mit Komma getrennt, z. B. „Nachwuchs, Ferienlager“.",
    )
    featured = models.BooleanField(
        "Empfohlen",
        default=False,
        help_text="Empfohlene Beispiele zeigt die Redaktion hervorgehoben, z. B. über der Sammlung.",
    )

    objects = PageManager.from_queryset(PracticeExampleQuerySet)()

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("starting_point"),
        index.SearchField("steps"),
        index.SearchField("result"),
        index.SearchField("transferability"),
        index.SearchField("tips"),
        index.SearchField("funding_programme"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("fields_of_engagement", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("municipality", [index.SearchField("name")]),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.FilterField("featured"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("starting_point"),
        FieldPanel("steps"),
        FieldPanel("result"),
        MultiFieldPanel([FieldPanel("transferability"), FieldPanel("tips")], heading="Übertragbarkeit"),
        MultiFieldPanel(
            [
                FieldPanel("effort_time"),
                FieldRowPanel([FieldPanel("effort_money"), FieldPanel("effort_people")]),
            ],
            heading="Aufwand",
        ),
        MultiFieldPanel(
            [
                FieldPanel("funding_programme"),
                FieldPanel("funding_purposes", widget=django_forms.CheckboxSelectMultiple),
            ],
            heading="Förderung",
        ),
        MultiFieldPanel(
            [FieldPanel("municipality"), FieldPanel("organisation"), FieldPanel("contact")],
            heading="Wo und wer",
        ),
        FieldPanel("images"),
        FieldPanel("materials"),
        FieldPanel("links"),
    ]
    classification_panels = [
        HelpPanel(
            content="Nach diesen Angaben filtern Besucherinnen und Besucher die Sammlung.",
            heading="Einordnung",
        ),
        MultiFieldPanel(
            [FieldPanel("level_structure"), FieldPanel("level_qualification"), FieldPanel("level_network")],
            heading="Ebenen des Leitbilds",
        ),
        FieldPanel("fields_of_engagement", widget=django_forms.CheckboxSelectMultiple),
        FieldPanel("target_groups", widget=django_forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("featured"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Inhalt"),
            ObjectList(classification_panels, heading="Einordnung"),
            ObjectList(Page.promote_panels, heading="Für Suchmaschinen"),
            ObjectList(BasePage.settings_panels, heading="Einstellungen"),
        ]
    )

    parent_page_types = ["praxisbeispiele.LibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Praxisbeispiel"
        verbose_name_plural = "Praxisbeispiele"

    @cached_property
    def level_list(self):
        return [(level.key, level.label) for level in LEVELS if getattr(self, level.field)]

    @cached_property
    def tag_list(self):
        return self.tags_through(PracticeExampleTag, "tag__name")

    @cached_property
    def field_list(self):
        return list(self.fields_of_engagement.all())

    @cached_property
    def target_group_list(self):
        return list(self.target_groups.all())

    @cached_property
    def purpose_list(self):
        return list(self.funding_purposes.all())

    @property
    def tip_list(self):
        return bullet_lines(self.tips)

    @property
    def first_published_date(self):
        return timezone.localtime(self.first_published_at).date() if self.first_published_at else None

    @property
    def last_updated_date(self):
        return timezone.localtime(self.last_published_at).date() if self.last_published_at else None

    def related_examples(self, limit=3):
        """Other live examples ranked by what they share with this one, in one query.

        Score = shared fields of engagement + shared target groups + shared tags + 1 for the same
        municipality; ties go to the newer example. Examples that share nothing are left out.
        """
        field_ids = [term.pk for term in self.field_list]
        group_ids = [term.pk for term in self.target_group_list]
        tag_ids = [tag.pk for tag in self.tag_list]

        def shared(through, column, owner, ids):
            rows = (
                through.objects.filter(**{owner: OuterRef("pk"), f"{column}__in": ids})
                .order_by()
                .values(owner)
                .annotate(n=Count("*"))
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

        fields_through = PracticeExamplePage.fields_of_engagement.through
        groups_through = PracticeExamplePage.target_groups.through
        score = Value(0)
        if field_ids:
            score = score + shared(
                fields_through, "fieldofengagement_id", "practiceexamplepage_id", field_ids
            )
        if group_ids:
            score = score + shared(groups_through, "targetgroup_id", "practiceexamplepage_id", group_ids)
        if tag_ids:
            score = score + shared(PracticeExampleTag, "tag_id", "content_object_id", tag_ids)
        if self.municipality_id:
            score = score + models.Case(
                models.When(municipality_id=self.municipality_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        return (
            PracticeExamplePage.objects.visible()
            .exclude(pk=self.pk)
            .select_related("municipality", "organisation")
            .annotate(score=score)
            .filter(score__gt=0)
            .order_by("-score", "-first_published_at", "-pk")[:limit]
        )

    @cached_property
    def library(self):
        return LibraryPage.objects.parent_of(self).first() if self.pk else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["library"] = self.library
        context["related"] = self.related_examples()
        return context

    def get_json_ld(self, request=None):
        published = self.first_published_at or timezone.now()
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title[:110],
            "description": self.summary,
            "datePublished": published.isoformat(),
            "dateModified": (self.last_published_at or published).isoformat(),
            "inLanguage": "de",
            "mainEntityOfPage": self.get_full_url(request),
            "publisher": {"@type": "GovernmentOrganization", "name": "Ehrenamtsbeirat des Kyffhäuserkreises"},
        }
        if self.organisation_id:
            author = {"@type": "Organization", "name": self.organisation.name}
            if self.organisation.website:
                author["url"] = self.organisation.website
            data["author"] = author
        else:
            data["author"] = {"@type": "Organization", "name": "Ehrenamtsbeirat des Kyffhäuserkreises"}
        about = [{"@type": "Thing", "name": term.name} for term in self.field_list]
        if about:
            data["about"] = about
        keywords = [tag.name for tag in self.tag_list]
        if keywords:
            data["keywords"] = keywords
        if self.municipality_id:
            data["contentLocation"] = {"@type": "Place", "name": self.municipality.name}
        return data


def _private_upload(label, what):
    """A file of a proposal that only the editors can download (cms/forms/private_files.py)."""
    return models.FileField(
        label,
        storage=private_storage,
        upload_to="vorschlaege",
        blank=True,
        help_text=f"{what}, nur für die Redaktion, bis das Beispiel veröffentlicht ist.",
    )


class ExampleProposal(SubmissionContact):
    """The proposer's contact data for a proposed example; kept apart from the page and deleted after
    PRAXIS_PROPOSAL_RETENTION_DAYS days (after the editors' decision, or after creation if undecided)."""

    page = models.OneToOneField(
        PracticeExamplePage,
        verbose_name="Entwurf",
        on_delete=models.CASCADE,
        related_name="proposal",
        help_text="Der Entwurf des Praxisbeispiels, der aus dem Vorschlag entstand.",
    )

    # The uploads stay private (cms/forms/private_files.py) until the editors publish the example; then they become
    # an image and a document in the public collection and these files are deleted (praxisbeispiele/signals.py).
    photo = _private_upload("Foto", "Das eingereichte Foto")
    photo_alt = models.CharField(
        "Beschreibung des Fotos",
        max_length=300,
        blank=True,
        help_text="Was auf dem Foto zu sehen ist (Alternativtext).",
    )
    material = _private_upload("Material", "Das eingereichte Material")

    retention_setting = "PRAXIS_PROPOSAL_RETENTION_DAYS"

    panels = read_only_panels(
        "page",
        *CONTACT_FIELDS,
        help_texts={
            "name": "Wer den Vorschlag eingereicht hat.",
            "decided_at": "Wann die Redaktion veröffentlicht oder abgelehnt hat; ab dann läuft die Löschfrist.",
        },
    )

    class Meta(SubmissionContact.Meta):
        verbose_name = "Vorschlag (Kontaktdaten)"
        verbose_name_plural = "Vorschläge (Kontaktdaten)"

    def __str__(self):
        return f"Vorschlag #{self.pk} zu {self.page.title}"

    def _file_link(self, field):
        url = private_file_url(PRIVATE_FILES_KEY, self, field)
        if not url:
            return "–"
        return format_html('<a href="{}">Herunterladen (nur für die Redaktion)</a>', url)

    def get_photo_display(self):
        return self._file_link("photo")

    def get_material_display(self):
        return self._file_link("material")


PRIVATE_FILES_KEY = "praxis-vorschlag"


def can_view_proposal_files(user, proposal):
    """Editors who may change proposals, or edit or publish the draft page, may download its files."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("praxisbeispiele.change_exampleproposal"):
        return True
    permissions = proposal.page.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()
