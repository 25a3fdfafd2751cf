"""The pages behind a secret link, with literal URLs since the links are e-mailed."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from questionnaires.models import Invitation, InvitationToken, Response, Upload
from questionnaires.services import invitation_reissue
from tests.conftest import link_path, make_engagement

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client, alice, questionnaires_loaded):
    """The client link opened in a browser session: (client, invitation, base path of the pages)."""
    engagement, links = make_engagement(alice)
    response = client.get(link_path(links.client))
    invitation = engagement.client_invitation
    assert response.status_code == 302
    return client, invitation, f"/r/{invitation.public_id}"


def save(client, base, section, data, revision):
    return client.post(f"{base}/s/{section}/", {"revision": revision, **data})


def autosave(client, base, payload):
    return client.post(f"{base}/autosave/", json.dumps(payload), content_type="application/json")


class TestTheSecretLink:
    def test_the_token_is_exchanged_for_a_session_and_disappears_from_the_address(
        self, alice, questionnaires_loaded
    ):
        engagement, links = make_engagement(alice)
        token = link_path(links.client).split("/")[2]
        browser = Client()
        response = browser.get(link_path(links.client))
        assert response.status_code == 302
        assert response.headers["Location"] == f"/r/{engagement.client_invitation.public_id}/"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        page = browser.get(response.headers["Location"])
        assert page.status_code == 200
        assert token not in page.content.decode()
        assert "Claire Client" in page.content.decode()

    def test_english_engagement_links_lead_to_english_pages(self, alice, questionnaires_loaded):
        engagement, links = make_engagement(alice, language="en")
        response = Client().get(link_path(links.client))
        assert response.headers["Location"] == f"/en/r/{engagement.client_invitation.public_id}/"

    def test_no_raw_token_is_stored(self, alice, questionnaires_loaded):
        _engagement, links = make_engagement(alice)
        token = link_path(links.client).split("/")[2]
        assert len(token) >= 43  # 256 bits in URL-safe base64
        stored = InvitationToken.objects.values_list("token_hash", flat=True)
        assert token not in stored and all(len(h) == 64 for h in stored)

    @pytest.mark.parametrize("how", ["unknown", "expired", "revoked", "reissued"])
    def test_bad_links_all_get_the_same_clear_page(self, alice, questionnaires_loaded, how):
        engagement, links = make_engagement(alice)
        path = link_path(links.client)
        invitation = engagement.client_invitation
        if how == "unknown":
            path = "/q/" + "x" * 43 + "/"
        elif how == "expired":
            Invitation.objects.filter(pk=invitation.pk).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            )
        elif how == "revoked":
            Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
        else:
            invitation_reissue(invitation)
        response = Client().get(path)
        assert response.status_code == 404
        html = response.content.decode()
        assert "Ce lien ne fonctionne pas" in html and "This link does not work" in html
        assert "consultant" in html

    def test_pages_need_the_session_not_just_the_address(self, opened):
        _client, _invitation, base = opened
        stranger = Client()
        assert stranger.get(f"{base}/").status_code == 404
        assert stranger.get(f"{base}/s/infrastructure/").status_code == 404
        assert autosave(stranger, base, {"revision": 0, "answers": {}}).status_code == 404

    def test_a_revoked_link_closes_the_open_session_too(self, opened):
        client, invitation, base = opened
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
        assert client.get(f"{base}/s/infrastructure/").status_code == 404

    def test_first_opening_and_last_activity_are_recorded(self, opened):
        _client, invitation, _base = opened
        invitation.refresh_from_db()
        assert invitation.first_opened_at is not None and invitation.last_activity_at is not None


class TestSections:
    def test_welcome_page_says_who_asks_why_how_long_and_what_happens_to_the_data(self, opened):
        client, _invitation, base = opened
        html = client.get(f"{base}/").content.decode()
        assert "Alice prépare une formation pour Acme" in html
        assert "Environ 20 minutes" in html
        assert "enregistrées au fur et à mesure" in html
        assert "conservées 365 jours" in html

    def test_section_page_shows_progress_and_sections(self, opened):
        client, _invitation, base = opened
        html = client.get(f"{base}/s/infrastructure/").content.decode()
        assert "Section 1 sur 6" in html
        assert "réponses obligatoires restantes" in html
        assert 'name="goto" value="kubernetes"' in html
        assert '<fieldset aria-describedby="q-environments-help">' in html

    def test_save_and_continue_goes_to_the_next_section_and_keeps_answers(self, opened):
        client, invitation, base = opened
        response = save(
            client,
            base,
            "infrastructure",
            {"q-environments": ["dev", "prod"], "q-os": ["linux"], "next": "1"},
            0,
        )
        # "linux" opened the question about distributions on this page: it is shown before moving on.
        assert response.status_code == 302 and response.headers["Location"].endswith("/s/infrastructure/")
        page = client.get(response.headers["Location"]).content.decode()
        assert "Vos réponses ont ouvert de nouvelles questions sur cette page." in page
        wrapper = re.search(r'id="qw-linux_distribution"[^>]*>', page).group(0)
        assert " hidden" not in wrapper
        again = save(
            client, base, "infrastructure", {"q-environments": ["dev"], "q-os": ["linux"], "next": "1"}, 1
        )
        assert again.headers["Location"].endswith("/s/daily_work/")
        stored = Response.objects.get(pk=invitation.response.pk)
        assert stored.answers["environments"] == ["dev"] and stored.revision == 2
        assert stored.last_section == "infrastructure"

    def test_previous_saves_too(self, opened):
        client, invitation, base = opened
        response = save(client, base, "daily_work", {"q-workstation_os": "linux", "previous": "1"}, 0)
        assert response.headers["Location"].endswith("/s/infrastructure/")
        assert Response.objects.get(pk=invitation.response.pk).answers == {"workstation_os": "linux"}

    def test_going_back_shows_what_was_typed(self, opened):
        client, _invitation, base = opened
        save(client, base, "goals", {"q-comments": "Une remarque <b>importante</b>", "stay": "1"}, 0)
        html = client.get(f"{base}/s/goals/").content.decode()
        assert "Une remarque &lt;b&gt;importante&lt;/b&gt;" in html

    def test_invalid_answers_get_field_errors_in_french_and_nothing_typed_is_lost(self, opened):
        client, invitation, base = opened
        save(client, base, "kubernetes", {"q-k8s_cluster": "yes", "stay": "1"}, 0)
        response = save(client, base, "kubernetes", {"q-k8s_cluster": "yes", "q-k8s_version": "1.2x"}, 1)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Saisissez une version comme 1.29 ou 1.29.4." in html
        assert 'value="1.2x"' in html
        assert 'aria-invalid="true"' in html and 'id="error-summary"' in html
        assert "k8s_version" not in Response.objects.get(pk=invitation.response.pk).answers

    def test_unknown_fields_and_wrong_choice_values_are_never_stored(self, opened):
        client, invitation, base = opened
        response = save(
            client,
            base,
            "infrastructure",
            {"q-environments": ["dev", "mars"], "q-admin": "1", "q-k8s_cluster": "yes", "stay": "1"},
            0,
        )
        assert response.status_code == 200
        assert "Choisissez l’une des options proposées." in response.content.decode()
        assert Response.objects.get(pk=invitation.response.pk).answers == {}

    def test_oversized_text_is_refused_with_a_message(self, opened):
        client, _invitation, base = opened
        response = save(client, base, "goals", {"q-comments": "x" * 6000, "stay": "1"}, 0)
        assert "Merci de ne pas dépasser" in response.content.decode()

    def test_a_stale_revision_is_a_conflict_showing_what_changed(self, opened):
        client, invitation, base = opened
        save(client, base, "daily_work", {"q-workstation_os": "linux", "stay": "1"}, 0)
        response = save(client, base, "daily_work", {"q-workstation_os": "windows", "stay": "1"}, 0)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Quelqu’un d’autre a modifié ces réponses" in html
        assert "Linux" in html  # the colleague's answer is shown
        assert 'value="windows" checked' in html  # ours is still on the page
        assert Response.objects.get(pk=invitation.response.pk).answers["workstation_os"] == "linux"

    def test_hidden_answers_stay_in_the_draft_and_come_back(self, opened):
        client, invitation, base = opened
        save(client, base, "kubernetes", {"q-k8s_cluster": "yes", "q-k8s_version": "1.29", "stay": "1"}, 0)
        save(client, base, "kubernetes", {"q-k8s_cluster": "no", "q-k8s_version": "1.29", "stay": "1"}, 1)
        stored = Response.objects.get(pk=invitation.response.pk)
        assert stored.answers == {"k8s_cluster": "no", "k8s_version": "1.29"}
        html = client.get(f"{base}/s/kubernetes/").content.decode()
        assert 'id="qw-k8s_version"' in html and 'value="1.29"' in html

    def test_hidden_questions_are_not_validated(self, opened):
        client, invitation, base = opened
        response = save(
            client, base, "kubernetes", {"q-k8s_cluster": "no", "q-k8s_version": "banana", "stay": "1"}, 0
        )
        assert response.status_code == 302
        assert Response.objects.get(pk=invitation.response.pk).answers["k8s_version"] == "banana"

    def test_unknown_section_is_404(self, opened):
        client, _invitation, base = opened
        assert client.get(f"{base}/s/nope/").status_code == 404

    def test_section_page_query_count_does_not_grow_with_answers(self, opened, django_assert_max_num_queries):
        client, invitation, base = opened
        with django_assert_max_num_queries(6):
            client.get(f"{base}/s/infrastructure/")
        Response.objects.filter(pk=invitation.response.pk).update(
            answers={
                "environments": ["dev"],
                "os": ["linux"],
                "hypervisor": ["vmware"],
                "k8s_cluster": "yes",
                "devops": ["git", "jenkins"],
                "comments": "x" * 4000,
            }
        )
        with django_assert_max_num_queries(6):
            client.get(f"{base}/s/infrastructure/")


class TestAutosave:
    def test_saves_and_returns_the_new_revision(self, opened):
        client, invitation, base = opened
        response = autosave(
            client, base, {"revision": 0, "section": "goals", "answers": {"comments": "Bonjour"}}
        )
        assert response.status_code == 200
        assert response.json() == {"revision": 1, "errors": {}}
        assert Response.objects.get(pk=invitation.response.pk).answers == {"comments": "Bonjour"}

    def test_the_same_save_twice_does_not_make_a_revision(self, opened):
        client, _invitation, base = opened
        payload = {"revision": 0, "answers": {"comments": "Bonjour"}}
        assert autosave(client, base, payload).json()["revision"] == 1
        assert autosave(client, base, {**payload, "revision": 1}).json()["revision"] == 1

    def test_errors_come_back_per_question_in_the_pages_language(self, opened):
        client, _invitation, base = opened
        response = autosave(
            client, base, {"revision": 0, "answers": {"k8s_cluster": "yes", "k8s_version": "v?"}}
        )
        assert response.json()["errors"] == {"k8s_version": "Saisissez une version comme 1.29 ou 1.29.4."}

    def test_conflict_is_409_with_what_changed(self, opened):
        client, _invitation, base = opened
        autosave(client, base, {"revision": 0, "answers": {"workstation_os": "linux"}})
        response = autosave(client, base, {"revision": 0, "answers": {"workstation_os": "windows"}})
        assert response.status_code == 409
        body = response.json()
        assert body["conflict"] is True and body["revision"] == 1
        assert body["changed"] == [
            {"key": "workstation_os", "label": body["changed"][0]["label"], "value": "Linux"}
        ]

    @pytest.mark.parametrize(
        "body",
        [
            "not json",
            "[]",
            '{"answers": {}}',
            '{"revision": "x", "answers": {}}',
            '{"revision": 0, "answers": []}',
        ],
    )
    def test_malformed_requests_are_400_with_a_message(self, opened, body):
        client, _invitation, base = opened
        response = client.post(f"{base}/autosave/", body, content_type="application/json")
        assert response.status_code == 400 and "Rechargez la page" in response.json()["error"]

    def test_oversized_request_is_413(self, opened):
        client, _invitation, base = opened
        response = autosave(client, base, {"revision": 0, "answers": {"comments": "x" * 300_000}})
        assert response.status_code == 413

    def test_csrf_is_required(self, opened):
        _client, _invitation, base = opened
        strict = Client(enforce_csrf_checks=True)
        strict.cookies = opened[0].cookies
        response = strict.post(f"{base}/autosave/", "{}", content_type="application/json")
        assert response.status_code == 403

    def test_autosave_query_count_does_not_grow_with_answers(self, opened, django_assert_max_num_queries):
        client, _invitation, base = opened
        many = {
            "environments": ["dev", "prod"],
            "os": ["linux"],
            "comments": "x" * 1000,
            "k8s_cluster": "yes",
        }
        with django_assert_max_num_queries(12):
            autosave(client, base, {"revision": 0, "answers": {"comments": "a"}})
        with django_assert_max_num_queries(12):
            autosave(client, base, {"revision": 1, "answers": many})


class TestReviewAndSubmit:
    def fill_required(self, client, base):
        autosave(
            client,
            base,
            {
                "revision": 0,
                "answers": {
                    "environments": ["prod"],
                    "os": ["linux"],
                    "k8s_cluster": "no",
                    "app_migration": "no",
                    "k8s_version": "banana",
                },
            },
        )

    def test_review_flags_missing_required_answers_with_links(self, opened):
        client, _invitation, base = opened
        html = client.get(f"{base}/review/").content.decode()
        assert "4 réponses manquent ou demandent une correction." in html
        assert f'href="{base}/s/infrastructure/#qw-environments"' in html

    def test_submit_refuses_an_incomplete_response(self, opened, mailoutbox):
        client, invitation, base = opened
        response = client.post(f"{base}/submit/")
        assert response.status_code == 400
        assert "Les réponses n’ont pas été envoyées" in response.content.decode()
        assert not Response.objects.get(pk=invitation.response.pk).is_submitted
        assert mailoutbox == []

    def test_submit_twice_is_one_submission_and_one_email(
        self, opened, mailoutbox, django_capture_on_commit_callbacks
    ):
        client, invitation, base = opened
        self.fill_required(client, base)
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(f"{base}/submit/")
            second = client.post(f"{base}/submit/")
        assert first.headers["Location"] == second.headers["Location"] == f"{base}/thanks/"
        # One confirmation to the client, one notice to the trainer: not two of each.
        assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", "claire@client.example"]
        message = next(m for m in mailoutbox if m.to == ["claire@client.example"])
        assert message.subject == "Vos réponses pour Acme ont bien été reçues"
        stored = Response.objects.get(pk=invitation.response.pk)
        assert stored.is_submitted
        # The hidden k8s_version stays in the draft but is not part of the submission.
        assert "k8s_version" in stored.answers and "k8s_version" not in stored.submitted_answers["answers"]

    def test_after_submit_the_answers_are_read_only(self, opened):
        client, invitation, base = opened
        self.fill_required(client, base)
        client.post(f"{base}/submit/")
        assert client.get(f"{base}/s/infrastructure/").headers["Location"] == f"{base}/review/"
        assert save(client, base, "goals", {"q-comments": "trop tard"}, 1).status_code == 302
        response = autosave(client, base, {"revision": 1, "answers": {"comments": "trop tard"}})
        assert response.status_code == 409
        assert "comments" not in Response.objects.get(pk=invitation.response.pk).answers
        assert "Envoyées le" in client.get(f"{base}/review/").content.decode()


class TestUploads:
    def post_file(self, client, base, file, revision=1):
        return client.post(
            f"{base}/s/kubernetes/",
            {"revision": revision, "q-k8s_cluster": "yes", "q-architecture_document": file, "stay": "1"},
        )

    def test_a_pdf_is_stored_under_a_random_name(self, opened, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        client, _invitation, base = opened
        autosave(client, base, {"revision": 0, "answers": {"k8s_cluster": "yes"}})
        pdf = SimpleUploadedFile("../../etc/archi <v2>.pdf", b"%PDF-1.7\n% test\n", content_type="text/plain")
        response = self.post_file(client, base, pdf)
        assert response.status_code == 302
        upload = Upload.objects.get()
        assert upload.original_name == "archi <v2>.pdf"
        assert upload.content_type == "application/pdf"
        assert "archi" not in upload.file.name and ".." not in upload.file.name
        html = client.get(f"{base}/s/kubernetes/").content.decode()
        assert "Fichier reçu : archi &lt;v2&gt;.pdf" in html
        assert upload.file.name not in html  # never served back to the client side

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("archi.pdf", b"MZ\x90\x00 not a pdf", "Envoyez un fichier PDF, PNG"),
            ("script.html", b"<script>alert(1)</script>", "Envoyez un fichier PDF, PNG"),
            ("empty.pdf", b"", "Ce fichier est vide"),
        ],
    )
    def test_files_are_checked_by_content_not_name(self, opened, settings, tmp_path, name, content, message):
        settings.MEDIA_ROOT = tmp_path
        client, _invitation, base = opened
        autosave(client, base, {"revision": 0, "answers": {"k8s_cluster": "yes"}})
        response = self.post_file(client, base, SimpleUploadedFile(name, content))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert Upload.objects.count() == 0

    def test_files_over_the_limit_are_refused(self, opened, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        settings.UPLOAD_MAX_BYTES = 1024
        client, _invitation, base = opened
        autosave(client, base, {"revision": 0, "answers": {"k8s_cluster": "yes"}})
        response = self.post_file(client, base, SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2048))
        assert "la limite est de 0 Mo" in response.content.decode() or "limite" in response.content.decode()
        assert Upload.objects.count() == 0


def test_two_saves_racing_on_the_same_revision_cannot_both_win(alice, questionnaires_loaded):
    from questionnaires.services import SaveConflict, response_save

    engagement, _links = make_engagement(alice)
    first = Response.objects.get(pk=engagement.client_invitation.response_id)
    second = Response.objects.get(pk=first.pk)  # loaded before the first save, like a parallel request
    response_save(first, answers={"comments": "premier"}, base_revision=0)
    with pytest.raises(SaveConflict) as caught:
        response_save(second, answers={"comments": "second"}, base_revision=0)
    assert caught.value.changed_keys == ["comments"]
    assert Response.objects.get(pk=first.pk).answers == {"comments": "premier"}


def test_a_trainer_reopening_lets_the_client_change_answers_again(client, alice, questionnaires_loaded):
    from questionnaires.services import response_reopen

    engagement, links = make_engagement(alice)
    client.get(link_path(links.client))
    base = f"/r/{engagement.client_invitation.public_id}"
    autosave(
        client,
        base,
        {
            "revision": 0,
            "answers": {
                "environments": ["prod"],
                "os": ["linux"],
                "k8s_cluster": "no",
                "app_migration": "no",
            },
        },
    )
    client.post(f"{base}/submit/")
    response = Response.objects.get(pk=engagement.client_invitation.response_id)
    assert response.is_submitted
    response_reopen(response)
    assert not response.is_submitted and response.reopened_at is not None
    assert autosave(client, base, {"revision": 1, "answers": {"comments": "Précision"}}).status_code == 200
    assert client.post(f"{base}/submit/").status_code == 302
    response.refresh_from_db()
    assert response.is_submitted and response.submitted_answers["answers"]["comments"] == "Précision"
