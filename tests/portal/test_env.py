"""The settings helpers accept good values and refuse malformed ones."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_site_url,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("True", True),
        ("yes", True),
        ("on", True),
        (" 0 ", False),
        ("off", False),
    ],
)
def test_env_bool_reads_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", not expected) is expected


@pytest.mark.parametrize("raw", ["yes please", "2", "tru", "enabled"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_env_bool_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True
    monkeypatch.setenv("FLAG", "")
    assert env_bool("FLAG", False) is False


def test_env_int_checks_type_and_bounds(monkeypatch):
    monkeypatch.setenv("N", "42")
    assert env_int("N", 1, minimum=0, maximum=100) == 42
    monkeypatch.setenv("N", "forty")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 1)
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("N", 1, minimum=0)
    monkeypatch.setenv("N", "70000")
    with pytest.raises(ImproperlyConfigured, match="at most 65535"):
        env_int("N", 1, maximum=65535)


def test_env_list_splits_and_refuses_empty_items(monkeypatch):
    monkeypatch.setenv("HOSTS", "example.org, www.example.org")
    assert env_list("HOSTS", []) == ["example.org", "www.example.org"]
    monkeypatch.setenv("HOSTS", "example.org,,x")
    with pytest.raises(ImproperlyConfigured):
        env_list("HOSTS", [])


def test_env_choice(monkeypatch):
    monkeypatch.setenv("MODE", "smtp")
    assert env_choice("MODE", "console", {"console", "smtp"}) == "smtp"
    monkeypatch.setenv("MODE", "carrier-pigeon")
    with pytest.raises(ImproperlyConfigured, match="MODE"):
        env_choice("MODE", "console", {"console", "smtp"})


@pytest.mark.parametrize("raw", ["https://tremplin.example.org", "http://127.0.0.1:8000/"])
def test_site_url_accepts_origins(monkeypatch, raw):
    monkeypatch.setenv("SITE_URL", raw)
    assert env_site_url("SITE_URL", "http://x") == raw.rstrip("/")


@pytest.mark.parametrize("raw", ["tremplin.example.org", "ftp://example.org", "https://example.org/portal"])
def test_site_url_refuses_non_origins(monkeypatch, raw):
    monkeypatch.setenv("SITE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_site_url("SITE_URL", "http://x")


def test_database_url_postgres():
    config = database_from_url(
        "postgres://app:s%40cret@db.example.org:6543/tremplin", sqlite_options={}, conn_max_age=60
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("tremplin", "app", "s@cret")
    assert (config["HOST"], config["PORT"], config["CONN_MAX_AGE"]) == ("db.example.org", "6543", 60)


def test_database_url_sqlite_keeps_concurrency_options():
    options = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    config = database_from_url("sqlite:////srv/tremplin/db.sqlite3", sqlite_options=options, conn_max_age=0)
    assert config["NAME"] == "/srv/tremplin/db.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/db", "postgres://localhost", "postgres://h:port/db", "sqlite://"]
)
def test_database_url_refuses_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url, sqlite_options={}, conn_max_age=0)


def test_default_sqlite_database_is_tuned_for_concurrent_writes():
    from portal.settings import SQLITE_OPTIONS

    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert SQLITE_OPTIONS["timeout"] >= 5
    assert "journal_mode=WAL" in SQLITE_OPTIONS["init_command"]
