"""A trainer creates an engagement, copies the client link, and the client opens it elsewhere."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import wcag_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainer_creates_an_engagement_and_the_client_opens_the_copied_link(
    live_server, browser, alice, questionnaires_loaded
):
    trainer = browser.new_context().new_page()
    trainer.goto(f"{live_server.url}/accounts/login/")
    trainer.get_by_label("Nom d’utilisateur").fill("alice")
    trainer.get_by_label("Mot de passe").fill(PASSWORD)
    trainer.get_by_role("button", name="Se connecter").click()
    trainer.get_by_role("link", name="Nouvelle mission").click()
    assert wcag_violations(trainer) == []

    trainer.locator("#id_organisation").fill("Umbrella")
    trainer.locator("#id_contact_name").fill("Ada Client")
    trainer.locator("#id_contact_email").fill("ada@umbrella.example")
    trainer.locator("#id_trainee_name").fill("Léo Stagiaire")
    trainer.locator("#id_trainee_email").fill("leo@umbrella.example")
    trainer.locator("#id_start_date").fill("2027-03-01")
    trainer.locator("#id_hours_per_week").fill("8")
    trainer.locator("#id_due_date").fill("2027-06-30")
    trainer.get_by_role("button", name="Créer sans envoyer").click()

    expect(trainer.get_by_role("heading", level=1)).to_contain_text("Umbrella")
    trainer.context.grant_permissions(["clipboard-read", "clipboard-write"])
    trainer.locator("#link-client").locator("..").get_by_role("button", name="Copier le lien").click()
    expect(trainer.get_by_text("Copié.")).to_be_visible()
    link = trainer.evaluate("navigator.clipboard.readText()")
    assert re.match(r"http://127\.0\.0\.1:8000/q/[\w-]{43}/$", link)
    assert wcag_violations(trainer) == []

    client = browser.new_context().new_page()
    client.goto(live_server.url + link.removeprefix("http://127.0.0.1:8000"))
    expect(client.get_by_text("Alice prépare une formation pour Umbrella")).to_be_visible()
    expect(client).to_have_url(re.compile(r"/r/[0-9a-f-]{36}/$"))

    trainer.goto(f"{live_server.url}/")
    expect(trainer.get_by_role("row", name=re.compile("Umbrella"))).to_contain_text("ouvert")
    assert wcag_violations(trainer) == []
