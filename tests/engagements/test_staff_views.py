"""The trainer's pages: create, follow, act on links, read answers, delete. Literal URLs."""

import datetime

import pytest
from django.test import Client

from engagements.models import AuditEvent, Delivery, Engagement
from questionnaires.models import Invitation, InvitationToken, Response, Upload
from questionnaires.services import response_save
from tests.conftest import attach_architecture_document, link_path, make_engagement

pytestmark = pytest.mark.django_db

FORM = {
    "organisation": "Globex",
    "contact_name": "Clara Contact",
    "contact_email": "clara@globex.example",
    "trainee_name": "Théo Stagiaire",
    "trainee_email": "theo@globex.example",
    "language": "fr",
    "start_date": "2027-02-01",
    "hours_per_week": "12",
    "due_date": "2027-05-31",
    "notes": "",
}


@pytest.fixture
def signed_in(client, alice, questionnaires_loaded):
    client.force_login(alice)
    return client


def test_create_without_sending_shows_both_links_once(signed_in, alice, mailoutbox):
    response = signed_in.post("/engagements/new/", FORM)
    engagement = Engagement.objects.get()
    assert response.headers["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.trainer == alice and engagement.client_invitation and engagement.trainee_invitation
    page = signed_in.get(f"/engagements/{engagement.pk}/").content.decode()
    assert page.count("http://127.0.0.1:8000/q/") == 2
    again = signed_in.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "/q/" not in again  # shown once: the portal keeps no copy
    assert mailoutbox == []
    assert AuditEvent.objects.filter(engagement_id=engagement.pk, kind="created").exists()


def test_create_and_send_emails_both_links_after_the_commit(
    signed_in, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://tremplin.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/engagements/new/", {**FORM, "send": "1"})
    assert sorted(m.to[0] for m in mailoutbox) == ["clara@globex.example", "theo@globex.example"]
    client_mail = next(m for m in mailoutbox if m.to == ["clara@globex.example"])
    assert client_mail.subject == "Globex : quelques questions pour préparer la formation"
    assert "https://tremplin.example.org/q/" in client_mail.body
    assert "Alice" in client_mail.body and client_mail.reply_to == ["alice@example.org"]
    html = client_mail.alternatives[0][0]
    assert 'href="https://tremplin.example.org/q/' in html
    engagement = Engagement.objects.get()
    assert (
        engagement.client_invitation.sent_at is not None
        or Invitation.objects.get(pk=engagement.client_invitation_id).sent_at is not None
    )
    assert Delivery.objects.filter(status="sent").count() == 2
    # The e-mailed link works.
    url = client_mail.body.split("https://tremplin.example.org", 1)[1].split()[0]
    assert Client().get(url).status_code == 302


def test_english_engagement_gets_english_emails(signed_in, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/engagements/new/", {**FORM, "language": "en", "send": "1"})
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects == [
        "Globex: a few questions to prepare the training",
        "Your training: rate your current level",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contact_email": "not an e-mail"}, "Saisissez une adresse de courriel valide."),
        ({"due_date": "2027-01-01"}, "L’échéance doit tomber le jour du début ou après."),
        ({"hours_per_week": "41"}, "inférieure ou égale à 40"),
        ({"hours_per_week": "0"}, "supérieure ou égale à 1"),
        ({"start_date": "le 3 mars"}, "Saisissez une date valide."),
        ({"organisation": ""}, "Ce champ est obligatoire."),
    ],
)
def test_invalid_engagements_get_clear_messages_and_nothing_is_created(signed_in, change, message):
    response = signed_in.post("/engagements/new/", {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Engagement.objects.count() == 0 and Invitation.objects.count() == 0


def test_email_failure_is_shown_logged_and_can_be_retried(
    signed_in, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": "tests.engagements.failing_mail.FailingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/engagements/new/", {**FORM, "send": "1"})
    engagement = Engagement.objects.get()  # not lost, not half-created
    assert Delivery.objects.filter(status="failed").count() == 2
    page = signed_in.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "échec" in page and "relay refused" in page
    assert AuditEvent.objects.filter(kind="link_send_failed").count() == 2
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(f"/engagements/{engagement.pk}/links/client/send/")
    assert [m.to for m in mailoutbox] == [["clara@globex.example"]]


def test_edit_updates_what_the_welcome_page_shows(signed_in, alice):
    engagement, _links = make_engagement(alice)
    response = signed_in.post(f"/engagements/{engagement.pk}/edit/", {**FORM, "organisation": "Initech"})
    assert response.status_code == 302
    assert Invitation.objects.get(pk=engagement.client_invitation_id).organisation == "Initech"


def test_reissue_kills_the_old_link_and_keeps_the_answers(signed_in, alice):
    engagement, links = make_engagement(alice)
    response_save(engagement.client_invitation.response, answers={"comments": "gardé"}, base_revision=0)
    signed_in.post(f"/engagements/{engagement.pk}/links/client/reissue/")
    assert Client().get(link_path(links.client)).status_code == 404
    page = signed_in.get(f"/engagements/{engagement.pk}/").content.decode()
    new = page.split('value="http://127.0.0.1:8000', 1)[1].split('"', 1)[0]
    browser = Client()
    assert browser.get(new).status_code == 302
    assert Response.objects.get(pk=engagement.client_invitation.response_id).answers == {"comments": "gardé"}


def test_sending_again_keeps_earlier_links_working(signed_in, alice, django_capture_on_commit_callbacks):
    engagement, links = make_engagement(alice)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(f"/engagements/{engagement.pk}/links/client/send/")
    assert InvitationToken.objects.filter(invitation=engagement.client_invitation).count() == 2
    assert Client().get(link_path(links.client)).status_code == 302


def test_revoke_then_extend(signed_in, alice):
    engagement, links = make_engagement(alice)
    signed_in.post(f"/engagements/{engagement.pk}/links/trainee/revoke/")
    assert Client().get(link_path(links.trainee)).status_code == 404
    invitation = Invitation.objects.get(pk=engagement.trainee_invitation_id)
    before = invitation.expires_at
    signed_in.post(f"/engagements/{engagement.pk}/links/trainee/extend/")
    invitation.refresh_from_db()
    assert invitation.expires_at - before == datetime.timedelta(days=30)


def test_unknown_link_action_or_kind_is_404(signed_in, alice):
    engagement, _links = make_engagement(alice)
    assert signed_in.post(f"/engagements/{engagement.pk}/links/client/explode/").status_code == 404
    assert signed_in.post(f"/engagements/{engagement.pk}/links/boss/send/").status_code == 404
    assert signed_in.get(f"/engagements/{engagement.pk}/links/client/revoke/").status_code == 405


def test_answers_by_section_with_not_applicable_and_reopen(signed_in, alice):
    engagement, _links = make_engagement(alice)
    response = engagement.client_invitation.response
    response_save(
        response,
        answers={"environments": ["prod"], "os": ["linux"], "k8s_cluster": "no", "app_migration": "no"},
        base_revision=0,
    )
    from questionnaires.services import response_submit

    response_submit(response)
    page = signed_in.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Production" in page and "sans objet" in page and "envoyé" in page
    signed_in.post(f"/engagements/{engagement.pk}/links/client/reopen/")
    assert not Response.objects.get(pk=response.pk).is_submitted


def test_uploads_are_downloaded_by_staff_as_attachments(signed_in, alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    engagement, _links = make_engagement(alice)
    upload = attach_architecture_document(engagement, name="archi.pdf")
    download = signed_in.get(f"/engagements/{engagement.pk}/uploads/{upload.pk}/")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith('attachment; filename="archi.pdf"')
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == b"%PDF-1.7 x"
    other = Client()
    other.force_login(bob)
    assert other.get(f"/engagements/{engagement.pk}/uploads/{upload.pk}/").status_code == 404


def test_delete_erases_responses_uploads_and_files(
    signed_in, alice, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    engagement, links = make_engagement(alice)
    upload = attach_architecture_document(engagement)
    path = tmp_path / upload.file.name
    assert path.exists()
    assert (
        "Supprimer définitivement" in signed_in.get(f"/engagements/{engagement.pk}/delete/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in.post(f"/engagements/{engagement.pk}/delete/").status_code == 302
    assert Engagement.objects.count() == Response.objects.count() == Invitation.objects.count() == 0
    assert Upload.objects.count() == 0 and not path.exists()
    assert Client().get(link_path(links.client)).status_code == 404
    assert AuditEvent.objects.filter(engagement_id=engagement.pk, kind="deleted").exists()


def test_archive_and_restore(signed_in, alice):
    engagement, _links = make_engagement(alice)
    signed_in.post(f"/engagements/{engagement.pk}/archive/")
    assert Engagement.objects.get().archived
    assert "Acme" not in signed_in.get("/").content.decode()
    assert "Acme" in signed_in.get("/?state=archived").content.decode()
    signed_in.post(f"/engagements/{engagement.pk}/archive/")
    assert not Engagement.objects.get().archived


def test_history_holds_no_token_and_no_answer(signed_in, alice):
    engagement, links = make_engagement(alice)
    response_save(
        engagement.client_invitation.response, answers={"comments": "secret answer"}, base_revision=0
    )
    signed_in.post(f"/engagements/{engagement.pk}/links/client/reissue/")
    token = link_path(links.client).split("/")[2]
    for event in AuditEvent.objects.all():
        assert token not in event.detail and "secret answer" not in event.detail


def test_history_records_the_first_opening_and_the_submission(signed_in, alice):
    engagement, links = make_engagement(alice)
    browser = Client()
    browser.get(link_path(links.client))
    browser.get(link_path(links.client))  # a second opening is not a new event
    kinds = list(AuditEvent.objects.filter(engagement_id=engagement.pk).values_list("kind", flat=True))
    assert kinds.count("opened") == 1
    assert "lien ouvert (client)" in signed_in.get(f"/engagements/{engagement.pk}/").content.decode()
