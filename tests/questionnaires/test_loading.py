"""load_content publishes questionnaire definitions as immutable versions, all or nothing."""

import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from questionnaires.models import QuestionnaireVersion, Response
from training.models import Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(tmp_path):
    """A copy of the shipped content/, safe to change."""
    target = tmp_path / "content"
    shutil.copytree(settings.BASE_DIR / "content", target)
    return target


def load(root):
    out = StringIO()
    call_command("load_content", "--content-dir", str(root), stdout=out)
    return out.getvalue()


def test_first_load_publishes_version_one_of_each(content):
    output = load(content)
    assert "questionnaires: 2 published (client-environment v1, trainee-self-assessment v1)" in output
    assert QuestionnaireVersion.objects.count() == 2


def test_loading_the_same_definitions_again_does_nothing(content):
    load(content)
    assert "questionnaires: 0 published, 2 unchanged" in load(content)
    assert QuestionnaireVersion.objects.count() == 2


def test_a_changed_definition_is_a_new_version_and_old_responses_stay_on_theirs(content, alice):
    from tests.conftest import make_engagement

    load(content)
    engagement, _links = make_engagement(alice)
    path = content / "questionnaires" / "client-environment.yaml"
    path.write_text(path.read_text().replace("estimated_minutes: 20", "estimated_minutes: 25"))
    assert "client-environment v2" in load(content)
    old = engagement.client_invitation.response
    old.refresh_from_db()
    assert old.version.number == 1
    assert old.version.definition.estimated_minutes == 20
    new_engagement, _ = make_engagement(alice, organisation="Beta")
    assert new_engagement.client_invitation.response.version.number == 2
    on_v1 = Response.objects.filter(version__questionnaire__key="client-environment", version__number=1)
    assert list(on_v1) == [old]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("key: k8s_version", "key: k8s_cluster"),
            "client-environment.yaml: k8s_cluster: question key used twice",
        ),
        (("type: version", "type: semver"), "type: unknown type 'semver'"),
        (("question: k8s_cluster,", "question: ghost_question,"), "unknown question 'ghost_question'"),
    ],
)
def test_a_broken_definition_loads_nothing_at_all(content, change, expected):
    path = content / "questionnaires" / "client-environment.yaml"
    text = path.read_text()
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(CommandError) as caught:
        load(content)
    assert expected in str(caught.value)
    assert "nothing loaded" in str(caught.value)
    assert QuestionnaireVersion.objects.count() == 0
    assert Module.objects.count() == 0  # the catalogue was valid, but nothing half-loaded stays


def test_self_assessment_must_rate_exactly_the_topic_areas(content):
    path = content / "questionnaires" / "trainee-self-assessment.yaml"
    path.write_text(path.read_text().replace("key: k8s_storage", "key: k8s_disks"))
    with pytest.raises(CommandError) as caught:
        load(content)
    message = str(caught.value)
    assert "trainee-self-assessment.yaml: k8s_disks: not a topic area" in message
    assert "trainee-self-assessment.yaml: k8s_storage: topic area without a level question" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("question: storage, contains: nfs", "question: stockage, contains: nfs"),
            "unknown question key 'stockage'",
        ),
        (
            ("question: storage, contains: nfs", "question: storage, contains: floppy"),
            "storage has no choice 'floppy'",
        ),
        (("module: nfs-server-client", "module: nfs-client-server"), "unknown module 'nfs-client-server'"),
    ],
)
def test_broken_rules_load_nothing_and_name_the_rule(content, change, expected):
    path = content / "rules.yaml"
    text = path.read_text()
    assert change[0] in text, change[0]
    path.write_text(text.replace(change[0], change[1]))
    with pytest.raises(CommandError) as caught:
        load(content)
    assert expected in str(caught.value) and "rules.yaml: storage-nfs" in str(caught.value)
    assert QuestionnaireVersion.objects.count() == 0
