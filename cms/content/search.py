"""German word forms for the site search: folded, stemmed words and the parts of compound words.

Neither database backend finds "Kurs" in "Kurse" and "Kursprogramm" by itself: SQLite's FTS5 does not stem
at all, and PostgreSQL's German configuration turns "Kurs" into "kur" but "Kurse" into "kurs" and keeps
"Ehrenamtsförderung" whole. So every page indexes one more field, `search_stems` (`BasePage.search_stems`),
with the forms made here, and the search (home/search.py) asks for the same forms. Both backends then
compare like with like; PostgreSQL stems both sides once more with its German configuration, the same way.

The stemmer is light on purpose: it takes off the endings of case and number (Kurse, Vereinen, Anträge,
Übungsleiterinnen) and keeps word-forming endings (Förderung stays apart from fördern). Long words also
index their heads and tails (Kurs|programm, Ehrenamts|förderung), so that a part finds the compound.
"""

import re
import unicodedata

from django.db.models import Manager
from wagtail.search import index
from wagtail.signals import page_published

WORD = re.compile(r"[^\W_]+")

# Endings of case and number, longest first; one of them comes off when at least three letters stay.
ENDINGS = ("ern", "em", "en", "er", "es", "e")
# A final "s" (genitive, plural, linking s of a compound) comes off only after these consonants.
S_AFTER = frozenset("bdfghklmnrt")
MIN_STEM = 3
# Words from this length on are treated as possible compounds; each part has at least PART letters.
COMPOUND_FROM = 7
PART = 4
MIN_REST = 3


def fold(word: str) -> str:
    """Lower case without umlauts, ß and accents ("Förderung" → "forderung", "Greußen" → "greussen"), as
    FTS5 (remove_diacritics) folds the page text itself."""
    word = word.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Words too common to tell pages apart; left out on both sides, so that "Kurse in Artern" asks for two words.
STOPWORD_TEXT = """
    aber alle allem allen aller alles als also am an auch auf aus bei beim bin bis bist da damit dann das
    dass dem den der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem
    einen einer eines er es euch euer für hat hatte hier ich ihr ihre im in ins ist ja jede jedem jeden jeder
    jedes kann kein keine man mit nach nicht noch nur ob oder ohne sich sie sind so über um und uns unser
    unter vom von vor war was weil welche wenn werden wie wir wird wo zu zum zur
"""
STOPWORDS = frozenset(fold(word) for word in STOPWORD_TEXT.split())


def stem(word: str) -> str:
    """The stem of one folded word: "kurse" → "kurs", "ubungsleiterinnen" → "ubungsleit", "ergebnisse" →
    "ergebnis"; numbers and short words stay as they are."""
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    for ending, replacement in (("erinnen", "er"), ("erin", "er")):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)] + replacement
            break
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    if word.endswith("niss"):
        word = word[:-1]
    return word


def without_final_s(word: str) -> str | None:
    """The stem without a genitive or linking "s" ("vereins" → "verein"), or None where none comes off."""
    if len(word) > MIN_STEM + 1 and word.endswith("s") and word[-2] in S_AFTER:
        return stem(word[:-1])
    return None


def words(text: str) -> list[str]:
    """The folded words of a text, without stop words."""
    return [folded for folded in (fold(raw) for raw in WORD.findall(text)) if folded not in STOPWORDS]


def query_forms(text: str) -> list[str]:
    """What a search asks for: one stem per word of the query, in order, each once."""
    return list(dict.fromkeys(stem(word) for word in words(text)))


def word_forms(word: str) -> list[str]:
    """Every form a folded word of a page is indexed under: its stem, the stem without a final "s", and for
    a long word the stems of its heads and tails ("kursprogramm" → "kurs", "programm", …)."""
    forms = [stem(word)]
    if (shorter := without_final_s(word)) is not None:
        forms.append(shorter)
    if len(word) >= COMPOUND_FROM and word.isalpha():
        for cut in range(MIN_REST, len(word) - MIN_REST + 1):
            head, tail = word[:cut], word[cut:]
            if len(head) >= PART:
                forms.append(stem(head))
                if (shorter := without_final_s(head)) is not None:
                    forms.append(shorter)
            if len(tail) >= PART:
                forms.append(stem(tail))
                if (shorter := without_final_s(tail)) is not None:
                    forms.append(shorter)
    return forms


def index_forms(text: str) -> list[str]:
    """Every indexed form of a text, each once."""
    forms = {}
    for word in words(text):
        for form in word_forms(word):
            forms.setdefault(form, None)
    return list(forms)


def _texts(obj, fields):
    """The plain text of the given search fields of an object, related objects (tags, places) included."""
    for field in fields:
        if isinstance(field, index.SearchField):
            if field.field_name == "search_stems":
                continue
            value = field.get_value(obj)
            if isinstance(value, (list, tuple)):
                yield from (str(item) for item in value)
            elif isinstance(value, dict):
                yield from (str(item) for item in value.values())
            elif value:
                yield str(value)
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                yield from _texts(item, field.fields)


def stems_of(page) -> str:
    """The text of a page's `search_stems` field: the forms of its title (twice, so that a word in the
    title weighs more on both backends), of its page type's name and of every other search field."""
    meta = type(page)._meta
    title = " ".join(index_forms(page.title))
    kind = " ".join(index_forms(f"{meta.verbose_name} {meta.verbose_name_plural}"))
    others = [text for text in _texts(page, page.get_search_fields()) if text != page.title]
    body = " ".join(index_forms(" ".join(others)))
    return " ".join(part for part in (title, title, kind, body) if part)


def reindex_published(sender, instance, **kwargs):
    """Wagtail indexes a page while saving it, before its tags and other cluster relations (fields of
    engagement, target groups) are written; once it is published, the page is indexed again with them."""
    index.insert_or_update_object(instance.specific)


page_published.connect(reindex_published, dispatch_uid="cms.content.search.reindex_published")
