"""French by default, English on request, and no untranslated string for a French reader."""

import shutil
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_english_pages_live_under_en_prefix(client):
    response = client.get("/en/accounts/login/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html


@pytest.mark.django_db
def test_language_switch_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/accounts/login/"
    back = client.post("/en/i18n/setlang/", {"language": "fr", "next": "/en/accounts/login/"})
    assert back.headers["Location"] == "/accounts/login/"


@pytest.mark.django_db
def test_language_switcher_offers_the_other_language(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'name="language" value="en"' in html
    assert 'name="language" value="fr"' not in html


def test_every_string_is_translated_into_french(tmp_path):
    """Extract the messages afresh and check the committed French catalogue translates each one."""
    locale = tmp_path / "locale"
    shutil.copytree(settings.BASE_DIR / "locale", locale)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale=fr",
            "--no-location",
            "--ignore=.venv",
            "--ignore=locale",
            "--ignore=staticfiles",
            "--ignore=tests",
            "--settings=tests.i18n_settings",
        ],
        cwd=settings.BASE_DIR,
        env={**__import__("os").environ, "I18N_CHECK_LOCALE": str(locale)},
        check=True,
        capture_output=True,
        timeout=120,
    )
    catalogue = locale / "fr" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # msgattrib keeps the header entry; anything beyond it is a message without a French translation.
    assert untranslated.count('msgid "') <= 1, untranslated
    assert fuzzy.count('msgid "') <= 1, fuzzy
