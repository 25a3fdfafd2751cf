"""GET /healthz tells whether the portal and its database answer."""

import json

import pytest

from tests.portal.production import production_env, run

CALL_HEALTHZ = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="example.org")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


@pytest.mark.django_db
def test_healthz_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-folder/for/tremplin.sqlite3",
        "postgres://postgres@127.0.0.1:1/tremplin",
    ],
    ids=["sqlite-unopenable", "postgres-unreachable"],
)
def test_healthz_503_when_database_unreachable(tmp_path, database_url):
    env = production_env(
        tmp_path, DEBUG="1", DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="portal.settings"
    )
    result = json.loads(run(["-c", CALL_HEALTHZ], env).stdout.strip().splitlines()[-1])
    assert result == {"status": 503, "body": {"status": "error", "database": "unavailable"}}


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
