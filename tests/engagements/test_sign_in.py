"""Staff sign-in, sign-out, the redirect of /, and password reset by e-mail."""

import re

import pytest

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_anonymous_visitor_of_home_goes_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_sign_in_page_is_french_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Se connecter" in html


def test_trainer_signs_in_and_sees_home(client, alice):
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD, "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1] == ("/", 302)
    assert response.status_code == 200
    assert "Tableau de bord" in response.content.decode()


def test_wrong_password_shows_translated_error(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_post_only_and_ends_session(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_account_that_is_not_staff_is_refused(client, outsider):
    client.force_login(outsider)
    response = client.get("/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_sign_in_form_rejects_missing_csrf_token(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert "rechargez la page" in response.content.decode().lower()


def test_password_reset_sends_absolute_link_from_site_url(client, alice, mailoutbox, settings):
    settings.SITE_URL = "https://tremplin.example.org"
    response = client.post("/accounts/password-reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.org"]
    link = re.search(r"https://tremplin\.example\.org/accounts/reset/\S+/\S+/", message.body)
    assert link, message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]

    path = link.group(0).removeprefix("https://tremplin.example.org")
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "another long passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new_password)


@pytest.mark.django_db
def test_password_reset_for_unknown_address_says_the_same(client, mailoutbox):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    assert mailoutbox == []
    assert "Consultez votre messagerie" in response.content.decode()
