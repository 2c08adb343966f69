"""The site search: what a query asks the search backend, the page types a visitor can filter by, what a hit
shows (date and place of events and course runs, the summary of practice examples) and the „Meinten Sie …?“
suggestion when nothing is found.

The word forms come from cms.content.search, the same module that fills each page's `search_stems` field,
so SQLite and PostgreSQL find the same pages for "Kurs" and "Förderung".
"""

import difflib
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page
from wagtail.search.query import PlainText

from cms.content.search import STOPWORDS, WORD, fold, index_forms, query_forms, stem, words
from cms.models import Venue
from cms.operations.errors import BadQuery
from termine.models import Occurrence, PlacedDatedPageMixin

MAX_QUERY_LENGTH = 200
SUMMARY_WORDS = 30
VOCABULARY_CACHE_KEY = "search:vocabulary"
VOCABULARY_SECONDS = 600
SUGGESTION_CUTOFF = 0.75


@dataclass(frozen=True)
class SearchType:
    """A choice of the type filter: its key in the address, its German label and its page models.
    The key "seite" takes every page type that no other choice names, so a new page type is never lost."""

    key: str
    label: str
    model_labels: tuple[str, ...] = ()

    def models(self):
        return [apps.get_model(label) for label in self.model_labels]


SEARCH_TYPES = (
    SearchType("meldung", "Meldungen", ("home.NewsPage", "home.NewsIndexPage")),
    SearchType("termin", "Termine", ("netzwerk.EventPage", "netzwerk.CalendarPage")),
    SearchType(
        "kurs",
        "Kurse",
        ("qualifizierung.CoursePage", "qualifizierung.CourseRunPage", "qualifizierung.CourseProgrammePage"),
    ),
    SearchType(
        "praxisbeispiel",
        "Praxisbeispiele",
        ("praxisbeispiele.PracticeExamplePage", "praxisbeispiele.LibraryPage"),
    ),
    SearchType("foerderung", "Förderprogramme", ("home.FundingProgrammePage",)),
    SearchType("seite", "Seiten"),
)
# Older addresses named the Beirat's page on its own; it is one of the "Seiten" now.
TYPE_ALIASES = {"beirat": "seite"}


def search_type(key: str) -> SearchType | None:
    """The type filter's choice for an address's `typ` (an empty key: none); German 400 for unknown keys."""
    if not key:
        return None
    key = TYPE_ALIASES.get(key, key)
    for choice in SEARCH_TYPES:
        if choice.key == key:
            return choice
    raise BadQuery("Diesen Seitentyp gibt es in der Suche nicht.")


def clean_query(raw: str) -> str:
    """The query as typed, trimmed; German 400 for one that is too long or holds a NUL character."""
    query = raw.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise BadQuery(f"Der Suchbegriff ist zu lang: höchstens {MAX_QUERY_LENGTH} Zeichen.")
    if "\x00" in query:
        raise BadQuery("Der Suchbegriff enthält ungültige Zeichen.")
    return query


def visible_pages(site):
    """Every page of the site the public may see."""
    return Page.objects.live().public().in_site(site)


def of_type(pages, choice: SearchType | None):
    if choice is None:
        return pages
    if choice.model_labels:
        return pages.type(*choice.models())
    named = [model for other in SEARCH_TYPES for model in other.models()]
    return pages.not_type(*named)


def find(site, query: str, choice: SearchType | None = None) -> list[int] | None:
    """The ids of the pages a query finds, best first, or None when it holds no word worth searching for.

    Every word must match, in any of its forms (Kurs finds Kurse and Kursprogramm). The backend finds and
    scores; its order is kept within four ranks: the words in the title, as parts of title words
    ("Förderung" in "Ehrenamtsförderung"), in the name of the page type (a course for "Kurs"), elsewhere.
    In the first two, shorter titles come first: "Kursprogramm" is more about "Kurs" than "Abendkurs in
    Ebeleben" is. The ranks make SQLite's and PostgreSQL's scores, which differ, agree on the top hits.
    One query, for ids and titles only; the page of hits is loaded by `load`."""
    forms = query_forms(query)
    if not forms:
        return None
    found = (
        of_type(visible_pages(site), choice)
        .only("pk", "title", "content_type")
        .search(PlainText(" ".join(forms), operator="and"))
    )
    wanted = set(forms)

    def rank(item):
        position, page = item
        title_words = [stem(word) for word in words(page.title)]
        if wanted <= set(title_words):
            return (0, len(title_words), position)
        if wanted <= set(index_forms(page.title)):
            return (1, len(title_words), position)
        meta = page.specific_class._meta if page.specific_class else Page._meta
        if wanted <= set(index_forms(f"{meta.verbose_name} {meta.verbose_name_plural}")):
            return (2, 0, position)
        return (3, 0, position)

    return [page.pk for _position, page in sorted(enumerate(found), key=rank)]


def load(page_ids) -> list[Page]:
    """The specific pages for ids, in their order (one query per page type among them)."""
    pages = Page.objects.filter(pk__in=page_ids).specific().in_bulk()
    return [pages[pk] for pk in page_ids if pk in pages]


# --- what a hit shows ------------------------------------------------------------------------------------


@dataclass
class Hit:
    """One search result as the list shows it."""

    page: Page
    kind: str
    title: str
    summary: str = ""
    date_text: str = ""
    status: str = ""
    place_text: str = ""
    news_date: object = None


def summary_of(page) -> str:
    """The short text under a hit: the editor's search description, else the page's summary or teaser."""
    for name in ("search_description", "summary", "teaser", "intro"):
        value = getattr(page, name, "")
        if value:
            return Truncator(strip_tags(str(value))).words(SUMMARY_WORDS)
    return ""


def hits(page_ids) -> list[Hit]:
    """The hits of one result page with their dates, places and course titles, in a fixed number of
    queries however many hits there are (the pages, their dates, places and course titles)."""
    pages = load(page_ids)
    dated = [page for page in pages if isinstance(page, PlacedDatedPageMixin)]
    occurrences = shown_dates([page.pk for page in dated])
    venues = Venue.objects.in_bulk({page.venue_id for page in dated if page.venue_id})
    course_ids = {page.course_id for page in dated if getattr(page, "course_id", None)}
    courses = dict(Page.objects.filter(pk__in=course_ids).values_list("pk", "title")) if course_ids else {}

    result = []
    for page in pages:
        hit = Hit(page=page, kind=type(page)._meta.verbose_name, title=page.title, summary=summary_of(page))
        if isinstance(page, PlacedDatedPageMixin):
            if page.venue_id:
                page.venue = venues.get(page.venue_id)
            occurrence = occurrences.get(page.pk)
            if occurrence is not None:
                hit.date_text = occurrence.date_text
                hit.status = occurrence.status_label
            hit.place_text = page.place_text
            course_title = courses.get(getattr(page, "course_id", None))
            if course_title:
                hit.title = f"{course_title}: {page.title}"
        if type(page)._meta.label == "home.NewsPage":
            hit.news_date = page.date
        result.append(hit)
    return result


def shown_dates(page_ids) -> dict:
    """{page id: the date a hit shows}: the next date not yet over, else the last one; one query."""
    if not page_ids:
        return {}
    dates = Occurrence.objects.filter(page_id=OuterRef("pk"))
    chosen = (
        Page.objects.filter(pk__in=page_ids)
        .annotate(
            shown=Coalesce(
                Subquery(dates.upcoming().values("pk")[:1]),
                Subquery(dates.past().values("pk")[:1]),
            )
        )
        .values("shown")
    )
    return {occurrence.page_id: occurrence for occurrence in Occurrence.objects.filter(pk__in=chosen)}


# --- „Meinten Sie …?“ ------------------------------------------------------------------------------------


def vocabulary(site) -> dict[str, str]:
    """{folded word: the word as written} from the titles, tags and vocabularies the public sees."""
    cached = cache.get(VOCABULARY_CACHE_KEY)
    if cached is not None:
        return cached
    pages = Page.objects.live().public().in_site(site)
    texts = list(pages.values_list("title", flat=True))
    for label in ("home.NewsPage", "praxisbeispiele.PracticeExamplePage"):
        model = apps.get_model(label)
        through = model._meta.get_field("tags").remote_field.through
        visible = model.objects.live().public().in_site(site)
        texts += (
            through.objects.filter(content_object__in=visible).values_list("tag__name", flat=True).distinct()
        )
    for label in ("cms.Municipality", "cms.FieldOfEngagement", "cms.TargetGroup", "netzwerk.EventCategory"):
        texts += apps.get_model(label).objects.values_list("name", flat=True)
    words = {}
    for text in texts:
        for word in WORD.findall(text):
            folded = fold(word)
            if len(folded) >= 3 and folded.isalpha() and folded not in STOPWORDS:
                words.setdefault(folded, word)
    cache.set(VOCABULARY_CACHE_KEY, words, VOCABULARY_SECONDS)
    return words


def suggestion(site, query: str, choice: SearchType | None = None) -> str:
    """A nearby spelling of the query from the site's own words that finds something, or ""."""
    known = vocabulary(site)
    changed = False
    spelled = []
    for word in WORD.findall(query):
        folded = fold(word)
        if folded in known or folded in STOPWORDS or not folded.isalpha():
            spelled.append(word)
            continue
        close = difflib.get_close_matches(folded, known, n=1, cutoff=SUGGESTION_CUTOFF)
        if close:
            spelled.append(known[close[0]])
            changed = True
        else:
            spelled.append(word)
    if not changed:
        return ""
    suggested = " ".join(spelled)
    return suggested if find(site, suggested, choice) else ""
