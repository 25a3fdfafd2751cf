"""The client questionnaire in a real browser: autosave, resume elsewhere, conflicts, no JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from questionnaires.models import Response
from tests.browser.accessibility import wcag_violations
from tests.conftest import make_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def links(alice, questionnaires_loaded):
    engagement, links = make_engagement(alice)
    return engagement, links


def open_link(page, live_server, url):
    page.goto(live_server.url + url.split("8000", 1)[-1] if "8000" in url else url)


def go(page, live_server, link):
    path = re.sub(r"^https?://[^/]+", "", link)
    page.goto(f"{live_server.url}{path}")


def saved(page):
    expect(page.locator("#save-status")).to_have_text("Toutes les modifications sont enregistrées.")


def test_fill_the_client_questionnaire_stop_resume_elsewhere_and_submit(
    live_server, browser, links, mailoutbox
):
    engagement, link = links
    first = browser.new_context(locale="fr-FR")
    page = first.new_page()
    go(page, live_server, link.client)
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre environnement technique")
    page.get_by_role("link", name="Commencer").click()

    # Section 1: environments and servers. Choosing Linux reveals the distribution question.
    expect(page.get_by_text("Section 1 sur 6")).to_be_visible()
    page.get_by_role("group", name=re.compile("Quels environnements")).get_by_label(
        "Production", exact=True
    ).check()
    page.get_by_role("group", name=re.compile("Quels environnements")).get_by_label(
        "Développement", exact=True
    ).check()
    distributions = page.locator("#qw-linux_distribution")
    expect(distributions).to_be_hidden()
    page.get_by_role("group", name=re.compile("systèmes d'exploitation")).get_by_label(
        "Linux", exact=True
    ).check()
    expect(distributions).to_be_visible()
    saved(page)
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Section 2: daily work; a text answer typed and saved in the background, then we stop.
    expect(page.get_by_text("Section 2 sur 6")).to_be_visible()
    page.locator("#qw-workstation_os").get_by_label("Linux", exact=True).check()
    page.locator("#qw-devops").get_by_label("Jenkins", exact=True).check()
    saved(page)
    first.close()

    # Another device: the same link resumes at the last section with every answer in place.
    second = browser.new_context(locale="fr-FR")
    page = second.new_page()
    go(page, live_server, link.client)
    expect(page.get_by_text("Vous avez déjà répondu à")).to_be_visible()
    page.get_by_role("link", name="Reprendre là où vous vous êtes arrêté").click()
    expect(page.get_by_text("Section 2 sur 6")).to_be_visible()
    expect(page.locator("#qw-workstation_os").get_by_label("Linux", exact=True)).to_be_checked()
    expect(page.locator("#qw-devops").get_by_label("Jenkins", exact=True)).to_be_checked()
    page.get_by_role("button", name="Précédent").click()
    expect(
        page.get_by_role("group", name=re.compile("Quels environnements")).get_by_label(
            "Production", exact=True
        )
    ).to_be_checked()
    expect(page.locator("#qw-linux_distribution")).to_be_visible()
    page.get_by_role("button", name="Kubernetes").click()

    # Kubernetes: a version is validated as it is typed.
    page.locator("#qw-k8s_cluster").get_by_label("Oui, il est déjà utilisé").check()
    version = page.get_by_label(re.compile("Quelle version de Kubernetes"))
    version.fill("1.2x")
    expect(page.locator("#q-k8s_version-live-error")).to_have_text(
        "Saisissez une version comme 1.29 ou 1.29.4."
    )
    version.fill("1.29")
    saved(page)
    page.get_by_role("button", name="Application à migrer").click()
    page.locator("#qw-app_migration").get_by_label("Non", exact=True).check()
    saved(page)
    page.get_by_role("button", name="Relire et envoyer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Relire vos réponses")
    expect(page.get_by_text("1.29")).to_be_visible()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci, vos réponses ont été envoyées")
    second.close()

    response = Response.objects.get(pk=engagement.client_invitation.response_id)
    assert response.is_submitted
    assert response.submitted_answers["answers"]["k8s_version"] == "1.29"
    assert response.submitted_answers["answers"]["devops"] == ["jenkins"]
    assert "Vos réponses pour Acme ont bien été reçues" in [m.subject for m in mailoutbox]


def test_two_people_on_the_same_link_see_a_conflict(live_server, browser, links):
    _engagement, link = links
    pages = []
    for _ in range(2):
        context = browser.new_context()
        page = context.new_page()
        go(page, live_server, link.client)
        page.get_by_role("link", name="Commencer").click()
        page.get_by_role("button", name="Vos attentes").click()
        pages.append(page)
    alice_page, bob_page = pages
    alice_page.get_by_label("Souhaitez-vous ajouter quelque chose ?").fill("Avis d'Alice")
    saved(alice_page)
    bob_page.get_by_label("Souhaitez-vous ajouter quelque chose ?").fill("Avis de Bob")
    conflict = bob_page.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Quelqu’un d’autre a modifié ces réponses")
    expect(conflict).to_contain_text("Avis d'Alice")
    expect(bob_page.locator("#save-status")).to_contain_text("Non enregistré")


def test_the_questionnaire_works_without_javascript(live_server, browser, links):
    engagement, link = links
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    go(page, live_server, link.client)
    page.get_by_role("link", name="Commencer").click()
    page.get_by_role("group", name=re.compile("Quels environnements")).get_by_label(
        "Test / recette", exact=True
    ).check()
    page.get_by_role("group", name=re.compile("systèmes d'exploitation")).get_by_label(
        "Linux", exact=True
    ).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    # Without the script, the question opened by "Linux" appears once the page is saved.
    expect(page.get_by_text("Vos réponses ont ouvert de nouvelles questions sur cette page.")).to_be_visible()
    expect(page.locator("#qw-linux_distribution")).to_be_visible()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_text("Section 2 sur 6")).to_be_visible()
    answers = Response.objects.get(pk=engagement.client_invitation.response_id).answers
    assert answers == {"environments": ["test"], "os": ["linux"]}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_questionnaire_page_meets_wcag_aa(live_server, browser, alice, questionnaires_loaded, language):
    _engagement, link = make_engagement(alice, language=language)
    for url in (link.client, link.trainee):
        page = browser.new_context().new_page()
        go(page, live_server, url)
        problems = {page.url: wcag_violations(page)}
        for key in re.findall(r'name="goto" value="([a-z_]+)"', _first_section(page)):
            page.goto(re.sub(r"/r/([^/]+)/.*", rf"/r/\1/s/{key}/", page.url))
            problems[page.url] = wcag_violations(page)
        page.goto(re.sub(r"/r/([^/]+)/.*", r"/r/\1/review/", page.url))
        problems[page.url] = wcag_violations(page)
        assert {url: found for url, found in problems.items() if found} == {}


def _first_section(page):
    page.locator("a.btn-primary").first.click()
    return page.content()


ANSWER_FOR_TYPE = {
    "version": "1.29",
    "short_text": "Réponse",
    "long_text": "Une réponse détaillée.",
    "number": "3",
}


def answer_every_visible_question(page):
    """Answer each visible question of the section on screen, the way a person would; answers that
    open new questions are followed by those questions."""
    done = set()
    while True:
        keys = page.eval_on_selector_all(
            "[data-question]:not([hidden])", "nodes => nodes.map(n => n.dataset.question)"
        )
        todo = [key for key in keys if key not in done]
        if not todo:
            return
        for key in todo:
            done.add(key)
            wrapper = page.locator(f"#qw-{key}")
            kind = wrapper.get_attribute("data-type")
            if kind in ("single_choice", "multiple_choice", "yes_no", "level"):
                wrapper.locator(f"#q-{key}-0").check()
            elif kind == "file":
                wrapper.locator("input[type=file]").set_input_files(
                    files=[
                        {"name": "architecture.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n"}
                    ]
                )
            elif kind == "date":
                wrapper.locator("input").fill("2027-01-04")
            else:
                wrapper.locator(f"#q-{key}").fill(ANSWER_FOR_TYPE[kind])


@pytest.mark.parametrize(
    ("language", "start", "next_button", "review_button", "send", "thanks"),
    [
        (
            "fr",
            "Commencer",
            "Enregistrer et continuer",
            "Enregistrer et relire",
            "Envoyer mes réponses",
            "Merci",
        ),
        ("en", "Start", "Save and continue", "Save and review", "Send my answers", "Thank you"),
    ],
)
def test_the_whole_client_questionnaire_filled_and_sent(
    live_server, page, alice, questionnaires_loaded, language, start, next_button, review_button, send, thanks
):
    engagement, link = make_engagement(alice, language=language)
    go(page, live_server, link.client)
    page.get_by_role("link", name=start).click()
    for _ in range(20):  # sections, plus pages shown again when answers open new questions
        answer_every_visible_question(page)
        last = page.get_by_role("button", name=review_button).count() > 0
        with page.expect_navigation():
            page.get_by_role("button", name=review_button if last else next_button).click()
        if last:
            break
    page.get_by_role("button", name=send).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(thanks)
    response = Response.objects.get(pk=engagement.client_invitation.response_id)
    assert response.is_submitted
    answers = response.submitted_answers["answers"]
    assert len(answers) >= 25  # every question that the first choices leave visible
    assert answers["k8s_version"] == "1.29"
    assert answers["architecture_document"]["name"] == "architecture.pdf"


def test_changes_made_offline_are_sent_when_the_connection_returns(live_server, browser, links):
    engagement, link = links
    context = browser.new_context()
    page = context.new_page()
    go(page, live_server, link.client)
    page.get_by_role("link", name="Commencer").click()
    page.get_by_role("button", name="Vos attentes").click()
    context.set_offline(True)
    page.get_by_label("Souhaitez-vous ajouter quelque chose ?").fill("Écrit dans le train")
    expect(page.locator("#save-status")).to_contain_text("Pas de connexion")
    assert "comments" not in Response.objects.get(pk=engagement.client_invitation.response_id).answers
    context.set_offline(False)
    saved(page)
    answers = Response.objects.get(pk=engagement.client_invitation.response_id).answers
    assert answers["comments"] == "Écrit dans le train"
