"""Exports of engagements and their answers: CSV, XLSX and JSON, columns named by stable keys.

Conventions (also in the README): one row per engagement; answer columns are `client.<key>` and
`trainee.<key>`; a multiple-choice answer is its choice values joined by "; "; an "other" text goes
in `<column>.other`; an uploaded document is its file name; questions hidden by the answers are
empty. In CSV and XLSX a value that a spreadsheet would run as a formula (starting with =, +, -, @,
a tab or a carriage return) is prefixed with an apostrophe.
"""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from engagements import services
from engagements.access import engagement_or_404, staff_required
from engagements.dashboard import engagements_for, link_state
from engagements.models import AuditEvent
from questionnaires.definition import submitted_answers

JOIN = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENGAGEMENT_COLUMNS = [
    "id",
    "organisation",
    "contact_name",
    "contact_email",
    "trainee_name",
    "trainee_email",
    "trainer",
    "language",
    "start_date",
    "hours_per_week",
    "due_date",
    "archived",
    "client_state",
    "trainee_state",
]


def neutralise(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _answers(response):
    """(answers, other texts) of the questions that the answers leave visible."""
    visible = submitted_answers(response.definition, response.answers)
    return visible, {k: v for k, v in response.other_texts.items() if k in visible}


def _cell(value):
    if isinstance(value, list):
        return JOIN.join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("name", ""))
    return "" if value is None else str(value)


def records(engagements):
    """Plain dictionaries, one per engagement, for every format."""
    result = []
    for engagement in engagements:
        record = {
            "engagement": {
                "id": engagement.pk,
                "organisation": engagement.organisation,
                "contact_name": engagement.contact_name,
                "contact_email": engagement.contact_email,
                "trainee_name": engagement.trainee_name,
                "trainee_email": engagement.trainee_email,
                "trainer": engagement.trainer.get_username(),
                "language": engagement.language,
                "start_date": engagement.start_date.isoformat(),
                "hours_per_week": engagement.hours_per_week,
                "due_date": engagement.due_date.isoformat(),
                "archived": engagement.archived,
                "client_state": link_state(engagement.client_invitation).key,
                "trainee_state": link_state(engagement.trainee_invitation).key,
            }
        }
        for kind in services.KINDS:
            response = services.invitation_of(engagement, kind).response
            answers, others = _answers(response)
            record[kind] = {
                "questionnaire": response.version.questionnaire.key,
                "version": response.version.number,
                "status": response.status,
                "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
                "answers": answers,
                "other_texts": others,
                "question_order": list(response.definition.questions),
            }
        result.append(record)
    return result


def table(recs):
    """Header and rows for CSV and XLSX."""
    answer_columns = []
    for kind in services.KINDS:
        seen = []
        for record in recs:
            for key in record[kind]["question_order"]:
                if key not in seen:
                    seen.append(key)
        for key in seen:
            answer_columns.append((kind, key, f"{kind}.{key}"))
            if any(key in record[kind]["other_texts"] for record in recs):
                answer_columns.append((kind, key + ".other", f"{kind}.{key}.other"))
    header = ENGAGEMENT_COLUMNS + [name for _kind, _key, name in answer_columns]
    rows = []
    for record in recs:
        row = [_cell(record["engagement"][column]) for column in ENGAGEMENT_COLUMNS]
        for kind, key, _name in answer_columns:
            if key.endswith(".other"):
                row.append(_cell(record[kind]["other_texts"].get(key.removesuffix(".other"))))
            else:
                row.append(_cell(record[kind]["answers"].get(key)))
        rows.append([neutralise(value) for value in row])
    return header, rows


def as_csv(recs) -> bytes:
    header, rows = table(recs)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def as_xlsx(recs) -> bytes:
    header, rows = table(recs)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "engagements"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"  # text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_json(recs) -> bytes:
    for record in recs:
        for kind in services.KINDS:
            record[kind].pop("question_order", None)
    return json.dumps({"engagements": recs}, ensure_ascii=False, indent=2).encode("utf-8")


FORMATS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "xlsx": (as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (as_json, "application/json"),
}


def _download(recs, fmt, name):
    if fmt not in FORMATS:
        raise Http404
    build, content_type = FORMATS[fmt]
    response = HttpResponse(build(recs), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
@require_GET
def export_one(request, pk, fmt):
    engagement = engagement_or_404(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    services.audit(AuditEvent.Kind.EXPORTED, engagement=engagement, actor=request.user, detail=fmt)
    return _download(records([engagement]), fmt, f"tremplin-engagement-{engagement.pk}")


@staff_required
@require_GET
def export_all(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    engagements = engagements_for(request.user, state=request.GET.get("state", "")).select_related(
        "client_invitation__response__version__questionnaire",
        "trainee_invitation__response__version__questionnaire",
    )
    services.audit(AuditEvent.Kind.EXPORTED, actor=request.user, detail=f"all, {fmt}")
    return _download(records(engagements), fmt, f"tremplin-engagements-{timezone.localdate():%Y%m%d}")
