"""The trainer's home: states, filters, search, sorting, pagination, and a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from engagements.models import Engagement
from questionnaires.models import Invitation, QuestionnaireVersion, Response
from questionnaires.services import response_save, response_submit
from tests.conftest import make_engagement

pytestmark = pytest.mark.django_db


def bulk_engagements(trainer, count):
    """Many engagements at once, straight into the tables (the services are tested elsewhere)."""
    versions = {v.questionnaire.key: v for v in QuestionnaireVersion.objects.select_related("questionnaire")}
    responses = Response.objects.bulk_create(
        [
            Response(version=versions[key])
            for _ in range(count)
            for key in ("client-environment", "trainee-self-assessment")
        ]
    )
    expires = timezone.now() + datetime.timedelta(days=30)
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                kind="client" if i % 2 == 0 else "trainee",
                response=response,
                language="fr",
                requester_name="T",
                requester_email="t@example.org",
                organisation=f"Org {i // 2}",
                respondent_name="R",
                respondent_email="r@example.org",
                expires_at=expires,
            )
            for i, response in enumerate(responses)
        ]
    )
    Engagement.objects.bulk_create(
        [
            Engagement(
                organisation=f"Org {n}",
                contact_name="C",
                contact_email="c@example.org",
                trainee_name=f"Trainee {n}",
                trainee_email="t@example.org",
                trainer=trainer,
                language="fr",
                start_date=datetime.date(2027, 1, 4),
                hours_per_week=10,
                due_date=datetime.date(2027, 6, 30),
                client_invitation=invitations[2 * n],
                trainee_invitation=invitations[2 * n + 1],
            )
            for n in range(count)
        ]
    )


@pytest.fixture
def dashboard(client, alice, bob, questionnaires_loaded):
    client.force_login(alice)
    a, _ = make_engagement(alice, organisation="Alpha", trainee_name="Anna")
    b, _ = make_engagement(alice, organisation="Bravo", trainee_name="Bruno")
    c, _ = make_engagement(bob, organisation="Charlie", trainee_name="Chloé")
    response_save(b.client_invitation.response, answers={"environments": ["prod"]}, base_revision=0)
    return client, a, b, c


def test_a_trainer_sees_only_their_engagements_with_states(dashboard):
    client, *_ = dashboard
    html = client.get("/").content.decode()
    assert "Alpha" in html and "Bravo" in html and "Charlie" not in html
    assert "non envoyé" in html and "en cours (" in html


def test_an_admin_sees_all_and_filters_by_trainer(client, dashboard, admin_user, bob):
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert all(name in html for name in ("Alpha", "Bravo", "Charlie"))
    html = client.get(f"/?trainer={bob.pk}").content.decode()
    assert "Charlie" in html and "Alpha" not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?state=in_progress", ["Bravo"], ["Alpha"]),
        ("?state=not_sent", ["Alpha"], ["Bravo"]),
        ("?q=anna", ["Alpha"], ["Bravo"]),
        ("?q=BRUNO", ["Bravo"], ["Alpha"]),
        ("?state=submitted", [], ["Alpha", "Bravo"]),
        ("?state=nonsense&sort=drop+table", ["Alpha", "Bravo"], []),
    ],
)
def test_filters_and_search(dashboard, query, shown, hidden):
    client, *_ = dashboard
    html = client.get("/" + query).content.decode()
    assert all(name in html for name in shown) and not any(name in html for name in hidden)


def test_submitted_state(dashboard):
    client, a, *_ = dashboard
    response = a.client_invitation.response
    response_save(
        response,
        answers={"environments": ["prod"], "os": ["linux"], "k8s_cluster": "no", "app_migration": "no"},
        base_revision=0,
    )
    response_submit(response)
    html = client.get("/?state=submitted").content.decode()
    assert "Alpha" in html and "envoyé" in html


def test_sorting_by_client(dashboard):
    client, *_ = dashboard
    html = client.get("/?sort=organisation").content.decode()
    assert html.index("Alpha") < html.index("Bravo")
    html = client.get("/?sort=-created").content.decode()
    assert html.index("Bravo") < html.index("Alpha")


def test_pagination_keeps_the_filters(client, alice, questionnaires_loaded):
    client.force_login(alice)
    bulk_engagements(alice, 30)
    page_one = client.get("/?sort=organisation").content.decode()
    assert "30 missions" in page_one and "Page 1 sur 2" in page_one
    assert "?sort=organisation&amp;page=2" in page_one
    assert "Org 9" in client.get("/?sort=organisation&page=2").content.decode()
    assert client.get("/?page=999").status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_dashboard_queries_do_not_grow_with_engagements(
    client, alice, questionnaires_loaded, count, django_assert_num_queries
):
    client.force_login(alice)
    bulk_engagements(alice, count)
    # session, user, count, page, and the definitions (cached after the first request of a process)
    client.get("/")
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200
