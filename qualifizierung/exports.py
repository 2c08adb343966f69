"""The participant list as CSV for Excel, and the certificate of attendance as PDF (fpdf2)."""

import io
import unicodedata

from django.utils import timezone
from fpdf import FPDF

from cms.editors.spreadsheets import SafeCsvWriter
from qualifizierung.models import RegistrationStatus
from termine import dates

CSV_HEADERS = [
    "Status",
    "Platz auf der Warteliste",
    "Name",
    "E-Mail",
    "Verein oder Organisation",
    "Telefon",
    "Unterstützungsbedarf",
    "Angemeldet am",
    "Anwesend (Termine)",
]


def _local(value):
    return timezone.localtime(value, dates.BERLIN).strftime("%d.%m.%Y %H:%M") if value else ""


def participants_csv(run, registrations, session_count: int) -> bytes:
    """Semicolon-separated, UTF-8 with BOM, so that Excel opens umlauts and columns correctly."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for person in registrations:
        attended = len(getattr(person, "attended_starts", ()))
        writer.writerow(
            [
                person.get_status_display(),
                person.waiting_position or "",
                person.name,
                person.email,
                person.organisation,
                person.phone,
                person.accessibility_needs,
                _local(person.created_at),
                f"{attended} von {session_count}" if person.status == RegistrationStatus.REGISTERED else "",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def printable(text: str) -> str:
    """Text the PDF core fonts (Windows-1252) can show: "Łukasz" becomes "Lukasz", unknown signs "?"."""
    result = []
    for char in text:
        try:
            char.encode("cp1252")
            result.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            result.append(base or {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i"}.get(char, "?"))
    return "".join(result)


class CertificatePDF(FPDF):
    def normalize_text(self, text):
        return super().normalize_text(printable(text))

    def footer(self):
        self.set_y(-18)
        self.set_font("helvetica", size=8)
        self.cell(
            0,
            8,
            "Ehrenamtsagentur des Kyffhäuserkreises · Landratsamt, Markt 8, 99706 Sondershausen",
            align="C",
        )


def certificate_pdf(registration, run, course, sessions, attended_starts) -> bytes:
    """A one-page certificate: who, which course, which sessions attended, what the course covered.

    Core fonts with Windows-1252 (umlauts, „“ and – work); not compressed, so the text stays readable
    for checks and for screen readers that read the raw PDF.
    """
    pdf = CertificatePDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_compression(False)
    pdf.set_title(f"Teilnahmebescheinigung {registration.name}")
    pdf.set_author("Ehrenamtsagentur des Kyffhäuserkreises")
    pdf.set_lang("de")
    pdf.set_margins(22, 22, 22)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(width, 5, "Kyffhäuserkreis · Ehrenamtsbeirat und Ehrenamtsagentur")
    pdf.ln(12)
    pdf.set_font("helvetica", "B", 20)
    pdf.multi_cell(width, 10, "Teilnahmebescheinigung")
    pdf.ln(6)
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(width, 7, "Hiermit bestätigen wir, dass")
    pdf.ln(2)
    pdf.set_font("helvetica", "B", 16)
    pdf.multi_cell(width, 9, registration.name)
    pdf.set_font("helvetica", size=12)
    if registration.organisation:
        pdf.multi_cell(width, 7, f"({registration.organisation})")
    pdf.ln(2)
    pdf.multi_cell(width, 7, "an der Weiterbildung")
    pdf.ln(1)
    pdf.set_font("helvetica", "B", 14)
    pdf.multi_cell(width, 8, f"„{course.title}“")
    pdf.set_font("helvetica", size=12)
    pdf.ln(1)
    attended = [
        session for session in sessions if (session.original_start or session.start) in attended_starts
    ]
    hours = sum(((s.end - s.start).total_seconds() for s in attended if not s.all_day), 0) / 3600
    pdf.multi_cell(
        width,
        7,
        f"teilgenommen hat, an {len(attended)} von {len(sessions)} Terminen"
        + (f" (zusammen {hours:.1f} Stunden)".replace(".", ",") if hours else "")
        + ":",
    )
    pdf.ln(1)
    for session in attended:
        place = run.venue.address_line if run.is_on_site and run.venue else "online"
        pdf.multi_cell(width, 6, f"– {session.date_text}, {place}")
    goals = course.goal_list
    if goals:
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 12)
        pdf.multi_cell(width, 7, "Inhalte und Ziele")
        pdf.set_font("helvetica", size=11)
        for goal in goals:
            pdf.multi_cell(width, 6, f"– {goal}")
    pdf.ln(4)
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(
        width,
        5,
        "Die Weiterbildung gehört zum Förderzweck (e) Aus-, Fort- und Weiterbildung der Richtlinie zur "
        "Förderung des Ehrenamts im Kyffhäuserkreis. Diese Bescheinigung kann dem Antrag auf das Thüringer "
        "Ehrenamtszertifikat als Nachweis absolvierter Fortbildungen beigelegt werden.",
    )
    if course.educational_leave:
        pdf.ln(2)
        pdf.multi_cell(
            width,
            5,
            "Der Kurs ist als Bildungsfreistellung nach dem Thüringer Bildungsfreistellungsgesetz anerkannt.",
        )
    pdf.ln(14)
    today = dates.format_date(timezone.localdate())
    pdf.multi_cell(width, 6, f"Sondershausen, den {today}")
    pdf.ln(14)
    pdf.multi_cell(width, 6, "______________________________\nEhrenamtsagentur des Kyffhäuserkreises")
    return bytes(pdf.output())
