"""Study notes in a real browser: search, read, switch language, accessibility."""

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import wcag_violations
from tests.conftest import NOTE_BODIES, make_content, write_module, write_note
from training.services import catalogue_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(tmp_path):
    make_content(tmp_path, {"pods": []})
    write_module(
        tmp_path,
        "volumes",
        prerequisites=["pods"],
        topic_area="k8s_storage",
        title={"fr": "Volumes persistants", "en": "Persistent volumes"},
    )
    body_fr = NOTE_BODIES["fr"].replace("Idées clés.", "Un PersistentVolumeClaim réclame du stockage.")
    write_note(tmp_path, "volumes", "fr", body=body_fr)
    write_note(
        tmp_path, "volumes", "en", body=NOTE_BODIES["en"].replace("Ideas.", "A claim asks for storage.")
    )
    catalogue_load(tmp_path)


def test_search_open_a_note_and_switch_language(live_server, page, catalogue):
    page.goto(f"{live_server.url}/notes/")
    page.get_by_label("Rechercher dans les fiches").fill("stockage")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("status")).to_contain_text("1 fiche")
    page.get_by_role("link", name="Volumes persistants").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Volumes persistants")
    expect(page.get_by_role("heading", name="Objectifs d’apprentissage")).to_be_visible()
    page.get_by_role("navigation", name="Sur cette page").get_by_role("link", name="Exemple commenté").click()
    expect(page).to_have_url(f"{live_server.url}/notes/volumes/#exemple-commente")

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en/notes/volumes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Persistent volumes")
    page.get_by_role("link", name="Module pods (en)").click()
    expect(page).to_have_url(f"{live_server.url}/en/notes/pods/")


@pytest.mark.parametrize("path", ["/notes/", "/notes/volumes/", "/en/notes/volumes/", "/accounts/login/"])
def test_pages_meet_wcag_aa(live_server, page, catalogue, path):
    page.goto(f"{live_server.url}{path}")
    assert wcag_violations(page) == []
