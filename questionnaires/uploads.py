"""Checking an uploaded document by what it contains, not by its name."""

import zipfile

from django.utils.translation import gettext_lazy as _

# Recognised kinds: (content type stored, what to look for).
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VSDX = "application/vnd.ms-visio.drawing.main+xml"
DRAWIO = "application/vnd.jgraph.mxfile"


class UploadRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def detect_type(file) -> str | None:
    """The content type of a PDF, PNG, JPEG, DOCX, VSDX or draw.io file, read from its bytes."""
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(file)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<") and (b"<mxfile" in head or b"<mxGraphModel" in head):
        return DRAWIO
    return None


def _office_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if any(name.startswith("visio/") for name in names):
        return VSDX
    return None


def check_upload(file, *, max_bytes: int) -> str:
    """Return the detected content type, or raise UploadRefused with a message for the person."""
    if file.size > max_bytes:
        raise UploadRefused(
            _("This file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(file.size / 1_048_576, 1), "limit": max_bytes // 1_048_576}
        )
    if file.size == 0:
        raise UploadRefused(_("This file is empty."))
    kind = detect_type(file)
    if kind is None:
        raise UploadRefused(_("Send a PDF, PNG, JPEG, Word (DOCX), Visio (VSDX) or draw.io file."))
    return kind
