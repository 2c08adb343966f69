"""Helpers for public forms: a honeypot field, plain-text cleaning, uploads checked by their content."""

import re

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

from cms.blocks import human_size

HONEYPOT_FIELD = "homepage"
HONEYPOT_HINT = "Bitte dieses Feld leer lassen"


class HoneypotForm(forms.Form):
    """A form with a field people never see nor fill in; bots that fill every field give themselves away.

    The field is moved off screen by CSS (class `hp-field`), skipped by the tab key and labelled so that
    screen-reader users who reach it know to leave it empty.
    """

    homepage = forms.CharField(
        label=f"{HONEYPOT_HINT} (Schutz vor Spam)",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


def plain_text(value, keep_newlines=True):
    """Text without any markup: tags removed, whitespace tidied, at most one empty line in a row."""
    text = strip_tags(value or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not keep_newlines:
        return re.sub(r"\s+", " ", text).strip()
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class PlainTextField(forms.CharField):
    """A CharField whose value is stored as plain text, whatever markup was typed in."""

    def __init__(self, *args, keep_newlines=True, **kwargs):
        self.keep_newlines = keep_newlines
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return plain_text(super().to_python(value), keep_newlines=self.keep_newlines)


# Allowed uploads: MIME type as found in the file's first bytes -> (extension, German name).
DOCUMENT_TYPES = {
    "application/pdf": ("pdf", "PDF"),
    "application/vnd.oasis.opendocument.text": ("odt", "ODT"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "DOCX"),
}
IMAGE_TYPES = {"image/jpeg": ("jpg", "JPEG"), "image/png": ("png", "PNG")}


class CheckedFileField(forms.FileField):
    """A file upload accepted only when its content (magic bytes, not its name) is of an allowed type.

    `max_size` is a number of bytes or the name of the setting that holds it (read at each upload, so a
    changed setting counts at once). The file input offers the allowed endings and types (`accept`).
    `cleaned_data[name]` is the uploaded file with `.detected_extension` set from the content.
    """

    widget = forms.FileInput

    def __init__(self, *args, allowed_types, max_size, **kwargs):
        self.allowed_types = allowed_types
        self._max_size = max_size
        super().__init__(*args, **kwargs)

    @property
    def max_size(self) -> int:
        return getattr(settings, self._max_size) if isinstance(self._max_size, str) else self._max_size

    def widget_attrs(self, widget):
        endings = [f".{ext}" for ext, _name in self.allowed_types.values()]
        return {**super().widget_attrs(widget), "accept": ",".join([*endings, *self.allowed_types])}

    @property
    def type_names(self):
        return ", ".join(name for _ext, name in self.allowed_types.values())

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > self.max_size:
            raise ValidationError(
                f"Die Datei ist zu groß ({human_size(upload.size)}). Erlaubt sind höchstens "
                f"{human_size(self.max_size)}.",
                code="too_large",
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in self.allowed_types:
            raise ValidationError(
                f"Diese Datei hat keinen erlaubten Inhalt. Erlaubt sind: {self.type_names}. "
                "Es zählt der Inhalt der Datei, nicht ihre Endung.",
                code="bad_type",
            )
        upload.detected_extension = self.allowed_types[kind.mime][0]
        return upload
