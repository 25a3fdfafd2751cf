"""Guessing secret links is slowed per client address; staff sign-in has its own lockout."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD, link_path, make_engagement

pytestmark = pytest.mark.django_db

WRONG = "/q/" + "g" * 43 + "/"


def test_ten_wrong_links_a_minute_then_429_even_for_a_good_link(alice, questionnaires_loaded):
    _engagement, links = make_engagement(alice)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    assert [guesser.get(WRONG).status_code for _ in range(10)] == [404] * 10
    blocked = guesser.get(WRONG)
    assert blocked.status_code == 429
    assert "Patientez une minute" in blocked.content.decode()
    assert guesser.get(link_path(links.client)).status_code == 429
    # Another address is not affected.
    assert Client(REMOTE_ADDR="198.51.100.1").get(link_path(links.client)).status_code == 302


def test_a_forged_forwarded_for_does_not_reset_the_count(db):
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(10):
        guesser.get(WRONG, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert guesser.get(WRONG, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(db, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(10):
        proxy.get(WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert proxy.get(WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    # A client can prepend anything: the right-most address not a trusted proxy is the one used.
    assert proxy.get(WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.2").status_code == 404


def test_staff_sign_in_locks_after_five_failures_and_answers_429(alice):
    browser = Client(REMOTE_ADDR="203.0.113.9")
    codes = [
        browser.post("/accounts/login/", {"username": "alice", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert codes[:4] == [200] * 4 and codes[4] == 429
    locked = browser.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()


def test_wrong_links_do_not_count_against_staff_sign_in(alice):
    browser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(12):
        browser.get(WRONG)
    response = browser.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
