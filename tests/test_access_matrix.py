"""Every staff URL against every kind of visitor, and a check that no URL escapes the matrix."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.conftest import attach_architecture_document, link_path, make_content, make_engagement, make_user
from training.models import Module, PlanOverride, TrainingPlan
from training.services import catalogue_load

# name -> (method, URL); {pk}, {upload} and {slug} are filled in with the owner's objects.
STAFF_URLS = {
    "staff-home": ("GET", "/"),
    "engagement-create": ("GET", "/engagements/new/"),
    "engagements-export": ("GET", "/engagements/export.csv"),
    "engagement-detail": ("GET", "/engagements/{pk}/"),
    "engagement-edit": ("GET", "/engagements/{pk}/edit/"),
    "engagement-archive": ("POST", "/engagements/{pk}/archive/"),
    "engagement-delete": ("GET", "/engagements/{pk}/delete/"),
    "engagement-export": ("GET", "/engagements/{pk}/export.json"),
    "engagement-link-action": ("POST", "/engagements/{pk}/links/client/extend/"),
    "engagement-upload": ("GET", "/engagements/{pk}/uploads/{upload}/"),
    "plan-page": ("GET", "/engagements/{pk}/plan/"),
    "plan-generate": ("POST", "/engagements/{pk}/plan/generate/"),
    "plan-override": ("POST", "/engagements/{pk}/plan/overrides/"),
    "plan-override-cancel": ("POST", "/engagements/{pk}/plan/overrides/{override}/cancel/"),
    "plan-pdf": ("GET", "/engagements/{pk}/plan.pdf"),
    "notes-edit": ("GET", "/notes/{slug}/edit/"),
    "notes-history": ("GET", "/notes/{slug}/history/"),
}
# Pages about one engagement: another trainer must not learn that it exists.
ENGAGEMENT_SCOPED = {name for name, (_m, url) in STAFF_URLS.items() if "{pk}" in url}
# URLs open to everyone, or guarded by a secret link's session, each tested in its own module.
PUBLIC = {
    "healthz", "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "set_language", "notes-index", "notes-page", "client-link", "client-welcome",
    "client-section", "client-autosave", "client-review", "client-submit", "client-thanks",
}  # fmt: skip


EMPTY_PLAN = {
    "items": [],
    "mastered": [],
    "removed": [],
    "gaps": {},
    "warnings": [],
    "weeks": [],
    "end": None,
    "shortfall_days": 0,
    "total_hours": 0,
}


def pattern_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: superusers only, permissions checked per model
            names |= pattern_names(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_url_is_in_the_matrix_or_public():
    assert pattern_names() - set(STAFF_URLS) - PUBLIC == set()
    assert not set(STAFF_URLS) & PUBLIC


@pytest.fixture
def world(db, tmp_path, settings, questionnaires_loaded):
    settings.MEDIA_ROOT = tmp_path / "media"
    owner, other, admin = (
        make_user("owner", staff=True),
        make_user("other", staff=True),
        make_user("boss", superuser=True),
    )
    plain = make_user("plain")
    make_content(tmp_path / "content", {"pods": []})
    catalogue_load(tmp_path / "content")
    engagement, links = make_engagement(owner)
    upload = attach_architecture_document(engagement)
    override = PlanOverride.objects.create(
        engagement=engagement, action="add", module=Module.objects.get(slug="pods"), reason="test"
    )
    TrainingPlan.objects.create(
        engagement=engagement,
        data=EMPTY_PLAN,
        checksum="x",
        rules_digest="x",
        notes_revision="0",
        generated_at=timezone.now(),
    )
    values = {"pk": engagement.pk, "upload": upload.pk, "slug": "pods", "override": override.pk}
    return {"owner": owner, "other": other, "admin": admin, "plain": plain, "links": links, "values": values}


def visitor(world, who):
    client = Client()
    if who == "client_with_link":
        client.get(link_path(world["links"].client))
    elif who != "anonymous":
        client.force_login(world[who])
    return client


EXPECTED = {
    "anonymous": "login",
    "client_with_link": "login",
    "plain": 403,
    "other": "allowed_or_404",
    "owner": "allowed",
    "admin": "allowed",
}


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_access(world, name, who):
    method, template = STAFF_URLS[name]
    url = template.format(**world["values"])
    client = visitor(world, who)
    response = client.get(url) if method == "GET" else client.post(url)
    expected = EXPECTED[who]
    if expected == "login":
        assert response.status_code == 302 and response.headers["Location"].startswith("/accounts/login/")
    elif expected == 403:
        assert response.status_code == 403
    elif expected == "allowed_or_404" and name in ENGAGEMENT_SCOPED:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302), response.status_code
        assert not (response.status_code == 302 and "/accounts/login/" in response.headers["Location"])


def test_another_trainers_lists_and_exports_do_not_show_the_engagement(world):
    client = visitor(world, "other")
    assert "Acme" not in client.get("/").content.decode()
    assert b"Acme" not in client.get("/engagements/export.csv").content


def test_a_404_for_someone_elses_engagement_looks_like_a_missing_one(world):
    client = visitor(world, "other")
    mine = client.get(f"/engagements/{world['values']['pk']}/")
    missing = client.get("/engagements/999999/")
    assert mine.status_code == missing.status_code == 404
    assert mine.content == missing.content
