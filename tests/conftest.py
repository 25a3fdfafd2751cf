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


NOTE_BODIES = {
    "fr": "## L'essentiel\n\nIdées clés.\n\n## Exemple commenté\n\n```bash\nkubectl get pods\n```\n\n"
    "## Exercice pratique\n\n1. Faire.\n\n## Auto-évaluation\n\n1. Question ?\n   *Réponse :* oui.\n",
    "en": "## Key ideas\n\nIdeas.\n\n## Worked example\n\n```bash\nkubectl get pods\n```\n\n"
    "## Hands-on exercise\n\n1. Do.\n\n## Self-check\n\n1. Question?\n   *Answer:* yes.\n",
}


def write_module(
    root, slug, *, prerequisites=(), level=1, hours=2, topic_area="k8s_core", file_name=None, **extra
):
    """Write content/modules/<slug>.yaml with valid defaults; extra fields are added or override."""
    import yaml

    data = {
        "slug": slug,
        "title": {"fr": f"Module {slug} (fr)", "en": f"Module {slug} (en)"},
        "level": level,
        "hours": hours,
        "topic_area": topic_area,
        "prerequisites": list(prerequisites),
        "soft_prerequisites": [],
        "alternative_group": None,
        "curriculum": [],
        "links": [{"url": f"https://kubernetes.io/docs/{slug}/", "label": {"fr": "Doc", "en": "Docs"}}],
        "version_notes": [],
        **extra,
    }
    path = root / "modules" / f"{file_name or slug}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_note(root, slug, language, *, body=None, summary=None, objectives=("Understand it.",)):
    import yaml

    front = {
        "module": slug,
        "summary": summary or f"Summary of {slug} in {language}.",
        "objectives": list(objectives),
    }
    path = root / "notes" / language / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + (body or NOTE_BODIES[language])
    path.write_text(text, encoding="utf-8")
    return path


def make_content(root, graph):
    """A content folder with one module per key of graph (slug -> prerequisites) and both notes each."""
    for slug, prerequisites in graph.items():
        write_module(root, slug, prerequisites=prerequisites)
        write_note(root, slug, "fr")
        write_note(root, slug, "en")
    return root


@pytest.fixture
def questionnaires_loaded(db):
    """The shipped questionnaire definitions, published as version 1."""
    from django.conf import settings

    from questionnaires.services import questionnaires_publish, read_definitions

    questionnaires_publish(read_definitions(settings.BASE_DIR / "content" / "questionnaires"))


def make_engagement(trainer, **fields):
    """An engagement with both invitations; returns (engagement, links) with token paths /q/<token>/."""
    import datetime

    from engagements.services import engagement_create

    defaults = {
        "organisation": "Acme",
        "contact_name": "Claire Client",
        "contact_email": "claire@client.example",
        "trainee_name": "Tom Trainee",
        "trainee_email": "tom@client.example",
        "language": "fr",
        "start_date": datetime.date(2027, 1, 4),
        "hours_per_week": 10,
        "due_date": datetime.date(2027, 6, 30),
    }
    return engagement_create(trainer=trainer, **{**defaults, **fields})


def link_path(url):
    """The path of an absolute link: what a test client requests."""
    from urllib.parse import urlsplit

    return urlsplit(url).path


def attach_architecture_document(engagement, name="architecture.pdf", content=b"%PDF-1.7 x"):
    """The client says a cluster exists and uploads its architecture document; returns the upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from questionnaires.services import response_attach, response_save

    response = engagement.client_invitation.response
    response_save(response, answers={"k8s_cluster": "yes"}, base_revision=response.revision)
    return response_attach(
        response,
        question_key="architecture_document",
        file=SimpleUploadedFile(name, content),
        content_type="application/pdf",
        base_revision=response.revision,
    )
