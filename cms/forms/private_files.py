"""Private storage for uploads nobody has reviewed yet (e.g. the files of a proposal "Praxisbeispiel vorschlagen").

The files live under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so `/media/…` never serves them. Editors download
them through the admin view ``serve_private_file`` (URL name ``cms_private_file``), which checks a permission
the owning app supplies. cms imports no app: an app registers its models in ``AppConfig.ready()`` with
``register_private_files(key, model, fields, can_view)``.
"""

import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.urls import reverse
from django.views.decorators.cache import never_cache


class PrivateStorage(FileSystemStorage):
    """A file system storage without a public URL: its files are served only by ``serve_private_file``."""

    def url(self, name):
        raise ValueError("Private Dateien haben keine öffentliche Adresse.")


@cache
def _storage(location):
    return PrivateStorage(location=location, base_url=None)


def private_storage():
    """The storage on PRIVATE_MEDIA_ROOT (a callable, so migrations do not depend on the setting)."""
    return _storage(str(settings.PRIVATE_MEDIA_ROOT))


def delete_private_files(names):
    """Deletes the named files from the private storage; empty names and missing files are fine."""
    for name in names:
        if name:
            private_storage().delete(name)


@dataclass(frozen=True)
class PrivateFiles:
    """The private file fields of `model`; `can_view(user, obj) -> bool` decides who may download them."""

    model: type
    fields: tuple
    can_view: object


_SOURCES = {}


def register_private_files(key, model, fields, can_view):
    _SOURCES[key] = PrivateFiles(model, tuple(fields), can_view)


def private_file_url(key, obj, field):
    """The admin URL of one private file, or "" when the field is empty."""
    if not getattr(obj, field):
        return ""
    return reverse("cms_private_file", args=[key, obj.pk, field])


@never_cache
def serve_private_file(request, key, pk, field):
    """The file as a download: 404 for unknown sources, objects, fields or files, 403 without permission."""
    source = _SOURCES.get(key)
    if source is None or field not in source.fields:
        raise Http404("Diese Datei gibt es nicht.")
    obj = source.model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404("Diese Datei gibt es nicht.")
    if not source.can_view(request.user, obj):
        # A plain 403 (Wagtail's admin would turn PermissionDenied into a redirect to the dashboard).
        return HttpResponseForbidden(
            "Sie dürfen diese Datei nicht herunterladen.", content_type="text/plain; charset=utf-8"
        )
    field_file = getattr(obj, field)
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404("Diese Datei gibt es nicht.")
    name = PurePosixPath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.storage.open(field_file.name, "rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
