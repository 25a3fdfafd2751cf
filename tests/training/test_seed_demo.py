"""seed_demo is idempotent and prints a working sign-in."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from engagements.models import Engagement
from tests.conftest import link_path


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _questionnaires(questionnaires_loaded):
    """seed_demo's engagement needs the questionnaires."""


def test_seed_demo_prints_a_working_trainer_sign_in():
    output = seed()
    match = re.search(r"^trainer: (\S+) (\S+)$", output, re.MULTILINE)
    assert match, output
    username, password = match.groups()
    user = get_user_model().objects.get(username=username)
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.check_password(password)
    assert len(password) >= 12


def test_seed_demo_twice_keeps_one_trainer_and_the_last_password_works():
    seed()
    output = seed()
    username, password = re.search(r"^trainer: (\S+) (\S+)$", output, re.MULTILINE).groups()
    assert get_user_model().objects.filter(username=username).count() == 1
    assert get_user_model().objects.get(username=username).check_password(password)


def test_seed_demo_prints_working_client_and_trainee_links(client):
    output = seed()
    client_url = re.search(r"^client link: (http\S+)$", output, re.MULTILINE).group(1)
    trainee_url = re.search(r"^trainee link: (http\S+)$", output, re.MULTILINE).group(1)
    for url in (client_url, trainee_url):
        response = client.get(link_path(url), follow=True)
        assert response.status_code == 200, url
    # The links belong to the first demo engagement; the second one is already answered.
    assert sorted(Engagement.objects.values_list("organisation", flat=True)) == [
        "Démo Industries",
        "Transports Azur (démo)",
    ]
    answered = Engagement.objects.get(organisation="Transports Azur (démo)")
    assert (
        answered.client_invitation.response.is_submitted and answered.trainee_invitation.response.is_submitted
    )


def test_seed_demo_twice_keeps_one_engagement_and_replaces_the_links(client):
    first = re.search(r"^client link: (\S+)$", seed(), re.MULTILINE).group(1)
    second = re.search(r"^client link: (\S+)$", seed(), re.MULTILINE).group(1)
    assert Engagement.objects.count() == 2
    assert client.get(link_path(first)).status_code == 404
    assert client.get(link_path(second)).status_code == 302


def test_no_token_of_the_printed_links_is_in_the_database():
    output = seed()
    tokens = [url.rstrip("/").rsplit("/", 1)[1] for url in re.findall(r"link: (\S+)", output)]
    assert len(tokens) == 2
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    assert len(dump.getvalue()) > 10_000  # the whole database, notes included
    assert not any(token in dump.getvalue() for token in tokens)
