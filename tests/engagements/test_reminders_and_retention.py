"""send_reminders and purge_expired: safe to run from cron as often as one likes."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from engagements.models import Engagement
from questionnaires.models import Invitation, Response
from questionnaires.services import response_save, response_submit
from tests.conftest import make_engagement

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def sent(alice, questionnaires_loaded):
    engagement, _links = make_engagement(alice)
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    Invitation.objects.filter(
        pk__in=[engagement.client_invitation_id, engagement.trainee_invitation_id]
    ).update(sent_at=ten_days_ago)
    return engagement


def test_reminders_go_every_n_days_at_most_m_times(
    sent, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_EVERY_DAYS, settings.REMINDER_MAX = 7, 2
    with django_capture_on_commit_callbacks(execute=True):
        assert run("send_reminders") == "reminders sent: 2\n"
        assert run("send_reminders") == "reminders sent: 0\n"  # again at once: nothing
    assert sorted(m.to[0] for m in mailoutbox) == ["claire@client.example", "tom@client.example"]
    assert mailoutbox[0].subject == "Rappel : vos réponses sont toujours attendues"
    assert "http://127.0.0.1:8000/q/" in mailoutbox[0].body
    # A week later, the second and last reminder; after that, none.
    Invitation.objects.update(last_reminder_at=timezone.now() - datetime.timedelta(days=8))
    assert run("send_reminders") == "reminders sent: 2\n"
    Invitation.objects.update(last_reminder_at=timezone.now() - datetime.timedelta(days=8))
    assert run("send_reminders") == "reminders sent: 0\n"


def test_no_reminder_after_submit_or_expiry_or_revocation(sent, mailoutbox):
    response = sent.client_invitation.response
    response_save(
        response,
        answers={"environments": ["prod"], "os": ["linux"], "k8s_cluster": "no", "app_migration": "no"},
        base_revision=0,
    )
    response_submit(response)
    Invitation.objects.filter(pk=sent.trainee_invitation_id).update(expires_at=timezone.now())
    assert run("send_reminders") == "reminders sent: 0\n"
    Invitation.objects.filter(pk=sent.trainee_invitation_id).update(
        expires_at=timezone.now() + datetime.timedelta(days=3), revoked_at=timezone.now()
    )
    assert run("send_reminders") == "reminders sent: 0\n"


def test_never_sent_links_get_no_reminder(alice, questionnaires_loaded):
    make_engagement(alice)
    assert run("send_reminders") == "reminders sent: 0\n"


def test_purge_expired_erases_only_engagements_past_retention(alice, questionnaires_loaded, settings):
    settings.DATA_RETENTION_DAYS = 30
    _old, _ = make_engagement(
        alice, organisation="Old", start_date=datetime.date(2020, 1, 6), due_date=datetime.date(2020, 3, 1)
    )
    make_engagement(alice, organisation="Current")
    assert "would erase 1 engagement(s)" in run("purge_expired", "--dry-run")
    assert Engagement.objects.count() == 2
    assert "erased 1 engagement(s)" in run("purge_expired")
    assert list(Engagement.objects.values_list("organisation", flat=True)) == ["Current"]
    assert Response.objects.count() == 2
    assert "erased 0 engagement(s)" in run("purge_expired")
