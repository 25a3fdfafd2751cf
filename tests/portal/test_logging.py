"""Secret link tokens never reach the logs."""

import io
import logging

import pytest
from django.test import Client

from portal.logging import redact


def test_redact_hides_tokens_in_any_text():
    assert redact('"GET /q/AbC-123_x/ HTTP/1.1" 302') == '"GET /q/[redacted]/ HTTP/1.1" 302'
    assert redact("Not Found: /en/q/zzz") == "Not Found: /en/q/[redacted]"
    assert redact("/notes/q-and-a/") == "/notes/q-and-a/"


@pytest.mark.django_db
def test_a_wrong_link_is_logged_without_its_token():
    token = "ThisIsNotAValidTokenButLooksLikeOne-1234567"
    [console] = [
        h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler) and h.filters
    ]
    captured = io.StringIO()
    original = console.setStream(captured)
    try:
        response = Client().get(f"/q/{token}/")
    finally:
        console.setStream(original)
    assert response.status_code == 404
    assert "Not Found: /q/[redacted]/" in captured.getvalue()
    assert token not in captured.getvalue()
