"""A first walk through the portal in a real browser (the system Chromium, driven by Playwright)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_trainer():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return re.search(r"^trainer: (\S+) (\S+)$", out.getvalue(), re.MULTILINE).groups()


@pytest.fixture(autouse=True)
def _questionnaires(questionnaires_loaded):
    """seed_demo's engagement needs the questionnaires."""


def test_demo_trainer_signs_in_and_sees_french_home(live_server, page):
    username, password = demo_trainer()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.get_by_role("link", name="Démo Industries")).to_be_visible()


def test_language_switch_and_sign_out_work_with_keyboard(live_server, page):
    username, password = demo_trainer()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")

    page.get_by_role("button", name="English").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/login/$"))


def test_pages_raise_no_csp_violation(live_server, page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    assert violations == []
