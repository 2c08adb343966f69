"""What a citizen of the Kyffhäuserkreis types into the search, and the seeded page it must find among the
first three hits; on SQLite and on PostgreSQL alike (the test runs on whichever database DATABASE_URL names)."""

import pytest

# (query, title of the page among the first three hits)
QUERIES = [
    ("Kurs", "Kursprogramm"),
    ("Kurse", "Kursprogramm"),
    ("Kursprogramm", "Kursprogramm"),
    ("Förderung", "Förderung"),
    ("Ehrenamtsförderung", "Ehrenamtsförderung des Kyffhäuserkreises"),
    ("Fördermittel", "Fördermittel beantragen und abrechnen"),
    ("Förderanträge", "Förderanträge für 2027 jetzt stellen"),
    ("Aktiv vor Ort", "Landesprogramm „Aktiv vor Ort“"),
    ("Feuerwehr", "Tag der offenen Tür der Feuerwehr Clingen"),
    ("Jugendfeuerwehr", "Ferienwerkstatt bringt Jugendliche in die Feuerwehr"),
    ("Stammtisch", "Vereinsstammtisch in Sondershausen"),
    ("Datenschutz", "Datenschutz im Verein"),
    ("Datenschutzerklärung", "Datenschutzerklärung"),
    ("Webinar Datenschutz", "Webinar: Datenschutz im Verein"),
    ("Ehrenamtscard", "Infoabend zur Thüringer Ehrenamtscard"),
    ("Juleica", "Jugendleiter-Card: Grundkurs"),
    ("Erste Hilfe", "Erste Hilfe für Übungsleiterinnen und Übungsleiter"),
    ("Übungsleiter", "Erste Hilfe für Übungsleiterinnen und Übungsleiter"),
    ("Streuobstwiese", "Streuobstwiese mit Patenschaften in Kyffhäuserland"),
    ("Barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ("Impressum", "Impressum"),
    ("Leichte Sprache", "Leichte Sprache"),
    ("Gebärdensprache", "Gebärdensprache"),
    ("Vereinsrecht", "Vereinsrecht für Vorstände"),
    ("Hospiz", "Chöre singen gemeinsam für den Hospizverein"),
    ("Sterbebegleitung", "Ehrenamtliche Sterbebegleitung – Einführung"),
    ("Kassenführung", "Kassenführung und Buchhaltung im Verein"),
    ("Öffentlichkeitsarbeit", "Öffentlichkeitsarbeit im Verein"),
    ("Gala Ehrenamtspreis", "Gala zum Kyffhäuser-Ehrenamtspreis"),
    ("Sprachcafé", "Sprachcafé verbindet Zugewanderte und Vereine in Artern"),
    ("Fahrdienst", "Fahrdienst für Ältere in Roßleben-Wiehe"),
    ("Dorfladen", "Dorfladen als Treffpunkt in Clingen"),
    ("Repair-Café", "Repair-Café Greußen"),
    ("Greussen", "Repair-Café Greußen"),
    ("Beirat", "Der Ehrenamtsbeirat"),
    ("Sitzung Beirat", "Öffentliche Sitzung des Ehrenamtsbeirats"),
    ("Kalender abonnieren", "Kalender abonnieren"),
    ("Seniorennachmittag", "Seniorennachmittag in Ebeleben"),
    ("Vereinskalender", "Gemeinsamer Vereinskalender für Roßleben und Wiehe"),
    ("Ehrenamtsagentur Ebeleben", "Ehrenamtsagentur berät jetzt auch in Ebeleben"),
    ("Kurpark", "Lauftreff am Kurpark Bad Frankenhausen"),
    ("Digitale Vereinsarbeit", "Digitale Vereinsarbeit"),
]


def top_three(client, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    return [hit.page.title for hit in response.context["hits"][:3]]


@pytest.mark.parametrize(("query", "title"), QUERIES, ids=[query for query, _title in QUERIES])
def test_query_finds_the_page_it_means_among_the_first_three(web, query, title):
    assert title in top_three(web, query)


def test_the_relevance_list_covers_at_least_thirty_queries_with_distinct_words():
    assert len({query for query, _title in QUERIES}) >= 30
