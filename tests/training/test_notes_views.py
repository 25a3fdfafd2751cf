"""The study-note pages: index, note, search in both languages, editing with revisions."""

import pytest

from tests.conftest import NOTE_BODIES, make_content, write_module, write_note
from training.models import Note
from training.services import catalogue_load

pytestmark = pytest.mark.django_db

FR_STORAGE = NOTE_BODIES["fr"].replace("Idées clés.", "Les volumes persistants gardent les données du Pod.")
EN_STORAGE = NOTE_BODIES["en"].replace("Ideas.", "Persistent volumes keep the data of a Pod.")


@pytest.fixture
def catalogue(tmp_path):
    make_content(tmp_path, {"pods": [], "storage": ["pods"]})
    write_module(
        tmp_path,
        "storage",
        prerequisites=["pods"],
        level=2,
        topic_area="k8s_storage",
        curriculum=["CKA"],
        title={"fr": "Volumes et stockage", "en": "Volumes and storage"},
        version_notes=[{"kubernetes": "1.29", "change": "added", "fr": "Nouveau mode.", "en": "New mode."}],
    )
    write_note(tmp_path, "storage", "fr", body=FR_STORAGE + "\nVoir [les Pods](/notes/pods/).\n")
    write_note(tmp_path, "storage", "en", body=EN_STORAGE + "\nSee [Pods](/notes/pods/).\n")
    catalogue_load(tmp_path)
    return tmp_path


def test_index_groups_notes_by_topic_area_in_french(client, catalogue):
    html = client.get("/notes/").content.decode()
    assert '<html lang="fr">' in html
    assert "Kubernetes : stockage" in html
    assert "Volumes et stockage" in html
    assert "2 fiches" in html


def test_index_in_english(client, catalogue):
    html = client.get("/en/notes/").content.decode()
    assert "Kubernetes storage" in html and "Volumes and storage" in html


@pytest.mark.parametrize(
    ("url", "expected", "absent"),
    [
        ("/notes/?q=persistants", "Volumes et stockage", "Module pods (fr)"),
        ("/en/notes/?q=persistent", "Volumes and storage", "Module pods (en)"),
        ("/notes/?q=stockage", "Volumes et stockage", "Module pods (fr)"),
        ("/notes/?level=2", "Volumes et stockage", "Module pods (fr)"),
        ("/en/notes/?curriculum=CKA", "Volumes and storage", "Module pods (en)"),
    ],
)
def test_search_and_filters(client, catalogue, url, expected, absent):
    html = client.get(url).content.decode()
    assert expected in html and absent not in html


def test_search_with_no_result_says_so(client, catalogue):
    html = client.get("/en/notes/?q=zzzyyyxxx").content.decode()
    assert "No note matches this search" in html


def test_malformed_filters_are_ignored_not_an_error(client, catalogue):
    response = client.get("/notes/?level=banana&curriculum=<script>&q=" + "x" * 5000)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_note_page_shows_everything_a_trainee_needs(client, catalogue):
    html = client.get("/notes/storage/").content.decode()
    assert "<h1>Volumes et stockage</h1>" in html
    assert "Objectifs d’apprentissage" in html
    assert 'href="/notes/pods/"' in html  # prerequisite and in-text link, in French
    assert 'id="exemple-commente"' in html
    assert "Kubernetes 1.29" in html and "Nouveau mode." in html
    assert 'href="https://kubernetes.io/docs/storage/"' in html


def test_english_note_links_stay_in_english(client, catalogue):
    html = client.get("/en/notes/storage/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="/en/notes/pods/"' in html
    assert "Where this leads" not in html  # storage is required by nothing here
    assert "Where this leads" in client.get("/en/notes/pods/").content.decode()


def test_language_switch_keeps_the_module(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/notes/storage/"})
    assert response.headers["Location"] == "/en/notes/storage/"


def test_unknown_note_is_404(client, catalogue):
    assert client.get("/notes/nope/").status_code == 404


def test_notes_can_require_sign_in(client, catalogue, settings):
    settings.NOTES_REQUIRE_LOGIN = True
    response = client.get("/notes/storage/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=/notes/storage/")


def test_index_query_count_does_not_grow_with_the_catalogue(client, tmp_path, django_assert_max_num_queries):
    make_content(tmp_path, {f"m{i}": [] for i in range(40)})
    catalogue_load(tmp_path)
    with django_assert_max_num_queries(3):
        client.get("/notes/")
    with django_assert_max_num_queries(3):
        client.get("/notes/?q=summary")


def test_note_page_query_count(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get("/notes/storage/")


class TestEditing:
    def edit(self, client, url="/notes/storage/edit/", **fields):
        data = {
            "summary": "Nouveau résumé.",
            "objectives": "Savoir créer un PVC.\nSavoir le monter.",
            "body": FR_STORAGE,
            "comment": "Précision",
            "revision": 1,
            "save": "1",
            **fields,
        }
        return client.post(url, data)

    def test_anonymous_and_non_staff_cannot_edit(self, client, catalogue, outsider):
        assert client.get("/notes/storage/edit/").status_code == 302
        client.force_login(outsider)
        assert client.get("/notes/storage/edit/").status_code == 403
        assert self.edit(client).status_code == 403

    def test_staff_edit_saves_a_revision(self, client, catalogue, alice):
        client.force_login(alice)
        response = self.edit(client)
        assert response.status_code == 302 and response.headers["Location"] == "/notes/storage/"
        note = Note.objects.get(module__slug="storage", language="fr")
        assert (note.revision, note.summary, note.edited_in_portal) == (2, "Nouveau résumé.", True)
        assert note.objectives == ["Savoir créer un PVC.", "Savoir le monter."]
        revision = note.revisions.get(number=2)
        assert (revision.author, revision.comment) == (alice, "Précision")
        history = client.get("/notes/storage/history/").content.decode()
        assert "Précision" in history and "Alice" in history

    def test_preview_does_not_save(self, client, catalogue, alice):
        client.force_login(alice)
        response = self.edit(client, save="", preview="1", body=FR_STORAGE + "\n**Nouveau paragraphe**\n")
        assert response.status_code == 200
        assert "<strong>Nouveau paragraphe</strong>" in response.content.decode()
        assert Note.objects.get(module__slug="storage", language="fr").revision == 1

    def test_hostile_markdown_is_saved_harmless(self, client, catalogue, alice):
        client.force_login(alice)
        self.edit(client, body=FR_STORAGE + '\n<script>alert("x")</script> [a](javascript:alert(1))\n')
        html = client.get("/notes/storage/").content.decode()
        assert '<script>alert("x")' not in html and 'href="javascript' not in html

    def test_missing_sections_and_unknown_links_are_refused_with_a_message(self, client, catalogue, alice):
        client.force_login(alice)
        response = self.edit(client, body="## L'essentiel\n\nCourt.\n")
        assert response.status_code == 200
        assert "Le texte doit comporter exactement ces sections" in response.content.decode()
        response = self.edit(client, body=FR_STORAGE + "\n[x](/notes/ghost/)\n")
        assert "/notes/ghost/" in response.content.decode()
        assert Note.objects.get(module__slug="storage", language="fr").revision == 1

    def test_two_editors_at_once_do_not_overwrite_each_other(self, client, catalogue, alice, bob):
        client.force_login(alice)
        assert self.edit(client, summary="Version d'Alice.").status_code == 302
        from django.test import Client

        other = Client()
        other.force_login(bob)
        response = self.edit(other, summary="Version de Bob.")  # Bob opened revision 1 too
        assert response.status_code == 200
        html = response.content.decode()
        assert "Quelqu’un a enregistré cette note pendant que vous la modifiiez" in html
        assert "Version de Bob." in html  # Bob's text is not lost
        note = Note.objects.get(module__slug="storage", language="fr")
        assert (note.summary, note.revision) == ("Version d'Alice.", 2)
        # Saving again, knowingly, replaces it.
        assert self.edit(other, summary="Version de Bob.", revision=2).status_code == 302
        note.refresh_from_db()
        assert (note.summary, note.revision) == ("Version de Bob.", 3)

    def test_double_submit_of_the_same_form_saves_once(self, client, catalogue, alice):
        client.force_login(alice)
        assert self.edit(client).status_code == 302
        assert self.edit(client).status_code == 200  # same revision number: shown as a conflict
        assert Note.objects.get(module__slug="storage", language="fr").revision == 2

    def test_english_note_is_edited_under_en(self, client, catalogue, alice):
        client.force_login(alice)
        response = self.edit(client, url="/en/notes/storage/edit/", body=EN_STORAGE, summary="Better.")
        assert response.headers["Location"] == "/en/notes/storage/"
        assert Note.objects.get(module__slug="storage", language="en").summary == "Better."
