"""Production settings (DEBUG off) are hardened and pass Django's deployment checks."""

import json

from tests.portal.production import production_env, run

FETCH_HEADERS = """
import json, django
django.setup()
from django.test import Client
client = Client()
secure = client.get("/accounts/login/", secure=True, HTTP_HOST="example.org")
plain = client.get("/accounts/login/", HTTP_HOST="example.org")
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "csrf_cookie": secure.cookies["csrftoken"].output() if "csrftoken" in secure.cookies else "",
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "html": secure.content.decode(),
}))
"""


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_stops_production_start(tmp_path):
    env = production_env(tmp_path, SECRET_KEY="")
    result = run(["manage.py", "check"], env, check=False)
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_malformed_debug_value_is_an_error(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, DEBUG="yes please"), check=False)
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_production_pages_send_security_headers(tmp_path):
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="portal.settings")
    run(["manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    page = json.loads(run(["-c", FETCH_HEADERS], env).stdout)

    assert page["status"] == 200
    headers = page["headers"]
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Secure" in page["csrf_cookie"]
    # Plain HTTP is redirected to HTTPS.
    assert page["plain_status"] == 301
    assert page["plain_location"].startswith("https://example.org/")
    # Static files come from our own origin, with hashed names for long caching.
    assert "/static/vendor/bootstrap/bootstrap.min." in page["html"]
    assert "cdn" not in page["html"].lower()


def test_no_template_has_inline_script_or_style():
    """The CSP forbids them; this catches one before a browser does."""
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if template.parent.name == "pdf":
            continue  # rendered to PDF by WeasyPrint, never served to a browser
        text = template.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or "<style" in text
            or re.search(r"\sstyle=", text)
        ):
            offenders.append(str(template))
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template} (event handler attribute)")
    assert offenders == []
