"""Shared fixtures: a fixed cast of users, make_* helpers, and the browser set-up."""

import os

import pytest

# Sync Playwright runs an event loop in the test thread while the live server's ORM calls are sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username, *, staff=False, superuser=False, password=PASSWORD, **fields):
    from django.contrib.auth import get_user_model

    fields.setdefault("email", f"{username}@example.org")
    fields.setdefault("first_name", username.capitalize())
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=staff or superuser, is_superuser=superuser, **fields
    )
    return user


@pytest.fixture
def alice(db):
    """A trainer."""
    return make_user("alice", staff=True)


@pytest.fixture
def bob(db):
    """Another trainer."""
    return make_user("bob", staff=True)


@pytest.fixture
def admin_user(db):
    return make_user("root", superuser=True)


@pytest.fixture
def outsider(db):
    """An active account that is not staff."""
    return make_user("eve")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium, or set CHROMIUM=/path")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
