"""Abuse and bad input (issue 7): every public form and every listing parameter answers a German 4xx,
never a 5xx, and keeps what is already stored; valid input answers 200.

Hypothesis draws the input: month 13, 31 February, year 0 and 99999, negative, huge and non-numeric
page numbers, 10 kB strings, right-to-left marks, emoji, combining marks, NUL bytes, lone surrogates
(sent as the bytes UTF-8 would give them), percent-encoded invalid UTF-8 such as %FF, and repeated
parameters. The demo content is seeded once for the module (in a transaction rolled back at the end).
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core import mail
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.public_forms import Raw, assert_german_error, encode, main_text, post_form

pytestmark = pytest.mark.django_db

# The client and settings fixtures are shared by all examples of a test; each example compares its own
# before and after. derandomize keeps CI runs repeatable.
FAST = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def check(response, valid):
    """valid True → 200; False → German 4xx; None (can't tell) → either, never 5xx."""
    assert response.status_code < 500
    if valid is True:
        assert response.status_code == 200, main_text(response)[:500]
    elif valid is False or response.status_code != 200:
        assert_german_error(response)


# --- strategies --------------------------------------------------------------------------------------

ODD = [
    "\u202eabc\u202c",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd",  # RTL mark, Hebrew
    "👩‍👩‍👧‍👦🏳️‍🌈",  # emoji with joiners
    "e\u0301\u0301\u0301\u0327",  # stacked combining marks
    "\x00",
    "a\x00b",
    "\ud800",  # lone surrogate, sent as its (invalid) UTF-8 bytes
    "\udfff\ud83d",
    "\ufeff\u200b",
    "Straße ẞ ǅ ﬁ",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%",
    "&=&=",
    "0" * 10240,
    "ä" * 10240,
    " ",
]


# Raw query values that are already percent-encoded: invalid UTF-8.
RAW = ["%FF", "%C3%28", "%ED%A0%80", "%E2%82", "%00", "%FF%FE%FD" * 100]

odd_text = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.text(alphabet=st.characters(categories=["Cs", "Cc", "Mn", "Cf", "Zs"]), min_size=1, max_size=20),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "-1", "1.5", "1e3", "٣", "+1", " 2", "0x10", "99999999999", "", "1,0", "Ⅻ"]),
)


@dataclass
class Value:
    """A query value: ``text`` is encoded, ``raw`` sent as is; ``valid`` True/False/None (unknown)."""

    text: str = ""
    raw: str | None = None
    valid: bool | None = None

    def encoded(self):
        return self.raw if self.raw is not None else encode(self.text)


def valid_values(values):
    return st.sampled_from(sorted(values)).map(lambda v: Value(v, valid=True))


def invalid_values(known):
    """Text that is not one of ``known`` after stripping, or is too long, or holds NUL."""

    def is_invalid(text):
        stripped = text.strip()
        if not stripped:
            return False
        return stripped not in known or "\x00" in stripped

    def has_no_surrogates(text):
        return not any(0xD800 <= ord(c) <= 0xDFFF for c in text)

    return (
        st.one_of(st.sampled_from(ODD), st.text(max_size=30))
        .filter(has_no_surrogates)
        .filter(is_invalid)
        .map(lambda t: Value(t, valid=False))
    )


def unknown_values():
    return st.one_of(
        odd_text.map(lambda t: Value(t, valid=None)),
        st.sampled_from(RAW).map(lambda r: Value(raw=r, valid=None)),
        numbers.map(lambda n: Value(n, valid=None)),
    )


def free_text(max_length):
    """Search text: valid up to ``max_length`` characters (after strip), without NUL."""

    def judge(text):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            return Value(text, valid=None)
        stripped = text.strip()
        return Value(text, valid=len(stripped) <= max_length and "\x00" not in stripped)

    return st.one_of(
        st.text(max_size=max_length + 60),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=max_length // 2),
        st.sampled_from(ODD),
    ).map(judge)


def iso_days():
    valid = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)).map(
        lambda d: Value(d.isoformat(), valid=True)
    )
    out_of_range = st.one_of(
        st.dates(max_value=date(1999, 12, 31)), st.dates(min_value=date(2101, 1, 1))
    ).map(lambda d: Value(d.isoformat(), valid=False))
    wrong = st.sampled_from(
        ["2027-02-31", "2027-13-01", "2027-00-10", "0000-01-01", "99999-01-01", "2027-2-3", "31.02.2027",
         "2027-02-29", "heute", "2027-W01-1", "20270101", "2027-01-01T00:00"]
    ).map(lambda t: Value(t, valid=False))  # fmt: skip
    return st.one_of(valid, out_of_range, wrong)


def page_numbers():
    return st.one_of(
        st.just(Value("1", valid=True)),
        st.just(Value("", valid=True)),
        st.sampled_from(["0", "-1", "abc", "1.5", "1e3", "9999999", "99999999999999999999", "+1", "0x1"]).map(
            lambda t: Value(t, valid=False)
        ),
        st.integers(min_value=-(10**9), max_value=0).map(lambda n: Value(str(n), valid=False)),
        st.integers(min_value=2, max_value=999_999).map(lambda n: Value(str(n), valid=None)),
        unicode_digits().map(lambda t: Value(t, valid=False)),
    )


def unicode_digits():
    """Digits that str.isdigit() accepts but are not ASCII: other scripts (category Nd), superscripts, circled."""
    return st.text(
        alphabet=st.one_of(
            st.characters(categories=["Nd"], exclude_characters="0123456789"),
            st.sampled_from("¹²³⁴⁵⁶⁷⁸⁹⁰①②③④⑤⑩"),
        ),
        min_size=1,
        max_size=4,
    )


# --- the seeded site and its vocabularies ------------------------------------------------------------


def enum(valid):
    return lambda: st.one_of(valid_values(valid), invalid_values(valid), unknown_values())


def vocab(name, kind):
    def strategy(site):
        known = getattr(site, f"{kind}_vocab")[name]
        return st.one_of(valid_values(known), invalid_values(known), unknown_values())

    return strategy


def calendar_params():
    return {
        "kategorie": vocab("kategorie", "calendar"),
        "zielgruppe": vocab("zielgruppe", "calendar"),
        "gemeinde": vocab("gemeinde", "calendar"),
        "veranstalter": vocab("veranstalter", "calendar"),
        "teilnahme": lambda site: enum({"vor-ort", "online"})(),
        "kostenlos": lambda site: enum({"ja"})(),
        "von": lambda site: iso_days(),
        "bis": lambda site: iso_days(),
        "suche": lambda site: free_text(100),
    }


def von_bis_in_order(values):
    von, bis = values.get("von"), values.get("bis")
    return not (von and bis and von[-1].valid and bis[-1].valid and bis[-1].text < von[-1].text)


def search_pages_only_with_a_term(values):
    """The search reads "seite" only when there is a term to search for."""
    terms = values.get("q")
    if not terms or terms[-1].valid is not True or not terms[-1].text.strip():
        values = {name: listed for name, listed in values.items() if name != "seite"}
    return values


LISTINGS = {
    # name: (path, {param: strategy(site)}, multi-valued params, cross-check)
    "Kalender Liste": ("/termine/", {**calendar_params(), "seite": lambda s: page_numbers()}, (), von_bis_in_order),
    "Kalender Archiv": ("/termine/archiv/", {**calendar_params(), "seite": lambda s: page_numbers()}, (), von_bis_in_order),
    "Kalender Monat": ("/termine/monat/2027/03/", calendar_params(), (), von_bis_in_order),
    "Kalender Tag": ("/termine/tag/2027-03-14/", calendar_params(), (), von_bis_in_order),
    "iCalendar": ("/termine/ical/", calendar_params(), (), von_bis_in_order),
    "RSS": ("/termine/rss/", calendar_params(), (), von_bis_in_order),
    "Kursprogramm": (
        "/kurse/",
        {
            "thema": vocab("thema", "catalogue"),
            "zielgruppe": vocab("zielgruppe", "catalogue"),
            "gemeinde": vocab("gemeinde", "catalogue"),
            "teilnahme": lambda s: enum({"vor-ort", "online"})(),
            "kostenlos": lambda s: enum({"ja"})(),
            "plaetze": lambda s: enum({"frei"})(),
            "monat": lambda s: st.one_of(
                st.builds(lambda y, m: Value(f"{y:04d}-{m:02d}", valid=True), st.integers(2000, 2100), st.integers(1, 12)),
                st.sampled_from(["2027-13", "2027-00", "0000-01", "99999-01", "2027-1", "03/2027", "2027-03-01"]).map(
                    lambda t: Value(t, valid=False)
                ),
                unknown_values(),
            ),
            "suche": lambda s: free_text(100),
            "seite": lambda s: page_numbers(),
        },
        (),
        None,
    ),
    "Praxisbeispiele": (
        "/praxisbeispiele/",
        {
            "ebene": vocab("ebene", "library"),
            "organisationsart": vocab("organisationsart", "library"),
            "bereich": lambda s: unknown_values(),
            "zielgruppe": lambda s: unknown_values(),
            "gemeinde": lambda s: unknown_values(),
            "foerderzweck": lambda s: unknown_values(),
            "schlagwort": lambda s: unknown_values(),
            "sortierung": lambda s: enum({"neu", "az"})(),
            "suche": lambda s: free_text(200),
            "seite": lambda s: page_numbers(),
        },
        ("ebene", "organisationsart", "bereich", "zielgruppe", "gemeinde", "foerderzweck", "schlagwort"),
        None,
    ),
    "Barriere melden Formular": (
        "/barrierefreiheit/barriere-melden/",
        {"seite": lambda s: st.one_of(unknown_values(), free_text(500).map(lambda v: Value(v.text, valid=None)))},
        (),
        None,
    ),
    "Meldungen": (
        "/aktuelles/",
        {"seite": lambda s: page_numbers(), "schlagwort": lambda s: unknown_values()},
        (),
        None,
    ),
    "Suche": (
        "/suche/",
        {
            "q": lambda s: free_text(200),
            "typ": lambda s: enum({"meldung", "foerderung", "seite", "beirat"})(),
            "seite": lambda s: page_numbers(),
        },
        (),
        search_pages_only_with_a_term,
    ),
}  # fmt: skip


@st.composite
def queries(draw, site, params):
    """{param: [Value, …]}: a few parameters, sometimes repeated."""
    chosen = draw(st.lists(st.sampled_from(sorted(params)), min_size=1, max_size=4))
    values = {}
    for name in chosen:
        values.setdefault(name, []).append(draw(params[name](site)))
    return values


def expected_validity(values, multi, cross_check):
    if cross_check is search_pages_only_with_a_term:
        values, cross_check = cross_check(values), None
    verdicts = []
    for name, given_values in values.items():
        relevant = given_values if name in multi else given_values[-1:]
        verdicts += [v.valid for v in relevant]
    if False in verdicts:
        return False
    if None in verdicts:
        return None
    return not (cross_check and not cross_check(values))


def query_string(values):
    return "&".join(f"{name}={value.encoded()}" for name, listed in values.items() for value in listed)


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_parameters_answer_200_or_a_german_4xx_never_5xx(web, demo, listing):
    path, params, multi, cross_check = LISTINGS[listing]

    @FAST
    @given(values=queries(demo, params))
    def run(values):
        url = f"{path}?{query_string(values)}"
        valid = expected_validity(values, multi, cross_check)
        if len(url) > 4096:
            valid = False
        check(web.get(url), valid)

    run()


# --- dates in the path ---------------------------------------------------------------------------------


@FAST
@given(
    year=st.one_of(st.integers(0, 3000), st.integers(3001, 10**25), st.sampled_from([0, 99999, 1999, 2101])),
    month=st.one_of(st.integers(0, 99), st.integers(100, 10**25), st.sampled_from([0, 13])),
)
@example(year=2027, month=13)
@example(year=0, month=1)
@example(year=99999, month=1)
def test_month_pages_answer_200_inside_the_calendar_and_a_german_400_outside(web, year, month):
    response = web.get(f"/termine/monat/{year}/{month}/")
    valid = 2000 <= year <= 2100 and 1 <= month <= 12
    check(response, valid)


def valid_day(text):
    try:
        return len(text) == 10 and 2000 <= date.fromisoformat(text).year <= 2100
    except ValueError:
        return False


@FAST
@given(day=st.one_of(iso_days().map(lambda v: v.text), st.sampled_from(ODD[:12]), st.text(max_size=20)))
@example(day="2027-02-31")
@example(day="31.02.2027")
@example(day="0000-01-01")
def test_day_pages_answer_200_for_real_days_and_a_german_4xx_else(web, day):
    assume("/" not in day and day not in ("", ".", ".."))
    response = web.get(f"/termine/tag/{encode(day)}/")
    check(response, valid_day(day) if not any(0xD800 <= ord(c) <= 0xDFFF for c in day) else None)


@pytest.mark.parametrize(
    "path",
    [
        "/termine/monat/2027/13/",
        "/termine/monat/0/1/",
        "/termine/monat/99999/1/",
        "/termine/tag/2027-02-31/",
        "/termine/tag/31.02.2027/",
        "/termine/tag/%FF/",
        "/termine/?seite=-1",
        "/termine/?seite=99999999999",
        "/termine/?seite=eins",
        "/termine/?von=2027-13-01",
        "/termine/?von=2027-03-10&bis=2027-03-01",
        "/termine/ical/?bis=99999-01-01",
        "/termine/rss/?gemeinde=%FF",
        "/kurse/?monat=2027-13",
        "/kurse/?seite=0",
        "/praxisbeispiele/?ebene=4",
        "/praxisbeispiele/?sortierung=%00",
        "/praxisbeispiele/?bereich=%00",
        "/praxisbeispiele/?gemeinde=a%00b&gemeinde=artern",
        "/aktuelles/?seite=-5",
        "/aktuelles/?schlagwort=%00",
        "/suche/?q=Verein&seite=abc",
        "/termine/?seite=%C2%B2",
        "/termine/archiv/?seite=%E2%91%A0",
        "/kurse/?seite=%C2%B2",
        "/praxisbeispiele/?seite=%C2%B2",
        "/aktuelles/?seite=%C2%B2",
        "/termine/rss/?veranstalter=%E2%91%A0",
        "/termine/ical/?veranstalter=%C2%B2",
        "/suche/?q=" + "x" * 10240,
    ],
)
def test_named_bad_parameters_answer_a_german_4xx(web, path):
    assert_german_error(web.get(path))


@FAST
@given(token=st.one_of(st.text(min_size=1, max_size=80), st.sampled_from(ODD)))
def test_unknown_registration_links_answer_404_in_german_and_cancel_nothing(web, demo, token):
    from qualifizierung.models import Registration

    assume("/" not in token and token.strip() not in ("", ".", ".."))
    before = list(Registration.objects.order_by("pk").values())
    url = f"{demo.run.url}anmeldung/{encode(token)}/"
    status = 414 if len(url) > 4096 else 404
    assert_german_error(web.get(url), status)
    assert_german_error(web.post(url), status)
    assert list(Registration.objects.order_by("pk").values()) == before


def test_a_real_registration_link_answers_200(web, demo):
    from qualifizierung import services as service

    result = service.register(demo.run.pk, name="Erika Muster", email="erika@verein.example")
    response = web.get(f"{demo.run.url}anmeldung/{result.token}/")
    assert response.status_code == 200
    assert "Erika Muster" in response.content.decode()


bad_field_values = st.one_of(
    odd_text,
    st.sampled_from(RAW).map(Raw),
    numbers,
    st.just("x" * 10240),
)


@st.composite
def corrupted(draw, base):
    """(pairs, expect_rejection): the valid data with fields changed, dropped or repeated."""
    pairs = list(base.items())
    names = [name for name, _value in pairs]
    rejected = False
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["change", "drop", "repeat", "consent", "honeypot"]))
        name = draw(st.sampled_from(names))
        if action == "change":
            pairs = [(k, draw(bad_field_values) if k == name else v) for k, v in pairs]
        elif action == "drop":
            pairs = [(k, v) for k, v in pairs if k != name]
        elif action == "repeat":
            pairs.append((name, draw(bad_field_values)))
        elif action == "consent":
            pairs = [(k, v) for k, v in pairs if k != "consent"]
            rejected = True
        else:
            pairs = [(k, v) for k, v in pairs if k != "homepage"] + [("homepage", "https://spam.example")]
            rejected = True
    return pairs, rejected


def test_public_forms_answer_a_german_4xx_to_bad_input_and_keep_what_is_stored(web, public_form):
    url, base_data, stored = public_form.url, public_form.data, public_form.stored
    counter = iter(range(10**6))

    @FAST
    @given(case=st.data())
    def run(case):
        pairs, must_reject = case.draw(corrupted(base_data(next(counter))))
        before = stored()
        mail.outbox.clear()
        response = post_form(web, url, pairs)
        assert response.status_code < 500
        if response.status_code == 302:
            assert not must_reject
            assert stored() != before  # accepted: one more row …
            after = stored()
            previous = after[0][: len(before[0])] if isinstance(after, tuple) else after[: len(before)]
            assert previous == (
                before[0] if isinstance(before, tuple) else before
            )  # … and the old ones untouched
        else:
            assert_german_error(response)
            assert stored() == before
            assert mail.outbox == []

    run()


def test_public_forms_accept_valid_input(web, public_form):
    before = public_form.stored()
    response = post_form(web, public_form.url, public_form.data("gueltig"))
    assert response.status_code == 302
    assert public_form.stored() != before


# --- the endpoints of issue 12: private files, import progress, readiness ---------------------------------


@pytest.fixture
def editor(web, django_user_model):
    user = django_user_model.objects.create_superuser("pruefung", "pruefung@kyffhaeuser.example", "x" * 12)
    web.force_login(user)
    return web


SEGMENT = st.one_of(
    st.text(alphabet=st.characters(categories=["Nd", "L", "P"]), min_size=1, max_size=30),
    st.sampled_from(["praxis-vorschlag", "photo", "material", "0", "99999999999999999999", "²", "①"]),
)


@FAST
@given(key=SEGMENT, pk=SEGMENT, field=SEGMENT)
def test_private_file_addresses_answer_a_4xx_for_anything_unknown(editor, key, pk, field):
    response = editor.get(f"/admin/private-dateien/{encode(key)}/{encode(pk)}/{encode(field)}/")
    assert 400 <= response.status_code < 500


@FAST
@given(pk=SEGMENT)
def test_import_progress_addresses_answer_a_4xx_for_unknown_runs(editor, pk):
    response = editor.get(f"/admin/partnerkalender/import/{encode(pk)}/")
    assert 400 <= response.status_code < 500


@FAST
@given(query=st.text(max_size=40))
def test_the_readiness_check_ignores_any_query_and_answers_ready(web, query):
    response = web.get("/healthz/ready/", {"x": query})
    assert (response.status_code, response.content) == (200, b"bereit\n")
