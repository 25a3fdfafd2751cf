"""Uploaded documents are recognised by their bytes, not their names. No database."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from questionnaires.uploads import (
    DOCX,
    DRAWIO,
    JPEG,
    PDF,
    PNG,
    VSDX,
    UploadRefused,
    check_upload,
    detect_type,
)


def zipped(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 10, PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, JPEG),
        (zipped("[Content_Types].xml", "word/document.xml"), DOCX),
        (zipped("[Content_Types].xml", "visio/document.xml"), VSDX),
        (b'<?xml version="1.0"?><mxfile host="app"><diagram/></mxfile>', DRAWIO),
        (b"\xef\xbb\xbf<mxGraphModel><root/></mxGraphModel>", DRAWIO),
        (zipped("[Content_Types].xml", "xl/workbook.xml"), None),  # a spreadsheet is not accepted
        (zipped("word/document.xml"), None),  # a zip that only looks like Word
        (b"PK\x03\x04 broken zip", None),
        (b"<html><script>alert(1)</script></html>", None),
        (b"GIF89a", None),
    ],
)
def test_detect_type_reads_the_bytes(content, expected):
    assert detect_type(io.BytesIO(content)) == expected


def test_a_pdf_named_like_an_image_is_still_a_pdf():
    assert check_upload(SimpleUploadedFile("photo.jpg", b"%PDF-1.4 x"), max_bytes=1000) == PDF


def test_size_limit_is_explained():
    with pytest.raises(UploadRefused) as caught:
        check_upload(
            SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 3 * 1024 * 1024), max_bytes=2 * 1024 * 1024
        )
    assert "3.0" in str(caught.value.message) and "2" in str(caught.value.message)
