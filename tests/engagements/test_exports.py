"""Exports: stable column names, one documented join, and no spreadsheet formula injection."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from engagements.exports import neutralise
from questionnaires.services import response_save
from tests.conftest import make_engagement

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(client, alice, questionnaires_loaded):
    client.force_login(alice)
    engagement, _ = make_engagement(alice, organisation='=HYPERLINK("http://evil")')
    response_save(
        engagement.client_invitation.response,
        answers={
            "environments": ["dev", "prod"],
            "os": ["other"],
            "k8s_cluster": "no",
            "comments": "+33 6 12",
        },
        other_texts={"os": "@AIX"},
        base_revision=0,
    )
    return client, engagement


def test_csv_columns_joins_and_neutralised_formulas(exported):
    client, engagement = exported
    response = client.get(f"/engagements/{engagement.pk}/export.csv")
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="tremplin-engagement-{engagement.pk}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    [row] = rows
    assert row["client.environments"] == "dev; prod"
    assert row["client.os"] == "other" and row["client.os.other"] == "'@AIX"
    assert row["organisation"] == '\'=HYPERLINK("http://evil")'
    assert row["client.comments"] == "'+33 6 12"
    assert row["client_state"] == "in_progress"
    assert "trainee.k8s_core" in row and row["trainee.k8s_core"] == ""


def test_xlsx_cells_are_text_not_formulas(exported):
    client, engagement = exported
    response = client.get(f"/engagements/{engagement.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["organisation"] == '\'=HYPERLINK("http://evil")'
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)


def test_json_keeps_values_as_they_are(exported):
    client, engagement = exported
    data = json.loads(client.get(f"/engagements/{engagement.pk}/export.json").content)
    [record] = data["engagements"]
    assert record["engagement"]["organisation"] == '=HYPERLINK("http://evil")'
    assert record["client"]["answers"]["environments"] == ["dev", "prod"]
    assert record["client"]["version"] == 1 and record["client"]["questionnaire"] == "client-environment"


def test_export_of_all_engagements_and_unknown_format(exported, bob):
    client, engagement = exported
    assert client.get("/engagements/export.json").status_code == 200
    assert client.get("/engagements/export.exe").status_code == 404
    assert client.get(f"/engagements/{engagement.pk}/export.pdf").status_code == 404


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise(value):
    assert neutralise(value) == "'" + value
    assert neutralise("plain") == "plain"


def test_export_query_count_does_not_grow(
    client, alice, questionnaires_loaded, django_assert_max_num_queries
):
    client.force_login(alice)
    for n in range(3):
        make_engagement(alice, organisation=f"Org {n}")
    with django_assert_max_num_queries(8):
        client.get("/engagements/export.csv")
    for n in range(3, 12):
        make_engagement(alice, organisation=f"Org {n}")
    with django_assert_max_num_queries(8):
        client.get("/engagements/export.csv")
