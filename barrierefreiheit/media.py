"""Facts about a self-hosted video for its download link: format, size in German notation, duration.

The duration of an MP4 file is read from its header (the `mvhd` box inside `moov`); nothing else of
the file is read. WebM files carry no such simple header, so their duration comes from the editor.
"""

import re
import struct

from cms.blocks import human_size

DURATION_PATTERN = re.compile(r"^(\d{1,3}):([0-5]\d)$")
VIDEO_FORMATS = {"mp4": "MP4", "webm": "WebM"}
MIME_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
# Boxes that contain other boxes on the way to `mvhd`.
_MAX_BOXES = 64


def _boxes(handle, start, end):
    """(type, payload start, payload end) of the boxes between `start` and `end`."""
    position = start
    for _ in range(_MAX_BOXES):
        if end is not None and position + 8 > end:
            return
        handle.seek(position)
        header = handle.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        header_size = 8
        if size == 1:
            large = handle.read(8)
            if len(large) < 8:
                return
            size = struct.unpack(">Q", large)[0]
            header_size = 16
        elif size == 0:
            if end is None:
                handle.seek(0, 2)
                end = handle.tell()
            size = end - position
        if size < header_size:
            return
        yield kind, position + header_size, position + size
        position += size


def mp4_duration_seconds(handle):
    """Seconds of an MP4/QuickTime file from its `moov/mvhd` header, or None if there is none."""
    try:
        for kind, start, end in _boxes(handle, 0, None):
            if kind != b"moov":
                continue
            for inner, inner_start, _inner_end in _boxes(handle, start, end):
                if inner != b"mvhd":
                    continue
                handle.seek(inner_start)
                version = handle.read(1)
                if not version:
                    return None
                if version[0] == 1:
                    handle.seek(inner_start + 4 + 16)
                    timescale, duration = struct.unpack(">IQ", handle.read(12))
                else:
                    handle.seek(inner_start + 4 + 8)
                    timescale, duration = struct.unpack(">II", handle.read(8))
                if not timescale:
                    return None
                return duration / timescale
    except (OSError, struct.error, ValueError):
        return None
    return None


def format_duration(seconds):
    """125.4 -> '2:05' (minutes:seconds, rounded to the nearest second)."""
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def video_extension(document):
    return document.file_extension.lower() if document is not None else ""


def video_facts(document, duration=""):
    """What the download link says about a video document: format, size, duration and MIME type."""
    if document is None:
        return None
    extension = video_extension(document)
    size = document.get_file_size()
    return {
        "url": document.url,
        "format": VIDEO_FORMATS.get(extension, extension.upper()),
        "mime_type": MIME_TYPES.get(extension, ""),
        "size": human_size(size) if size is not None else "",
        "duration": duration,
    }


def read_duration(document):
    """'m:ss' read from an MP4 document's header, or '' (WebM, unreadable file, missing file)."""
    if document is None or video_extension(document) != "mp4":
        return ""
    try:
        with document.file.open("rb") as handle:
            seconds = mp4_duration_seconds(handle)
    except (OSError, ValueError):
        return ""
    return format_duration(seconds) if seconds else ""
