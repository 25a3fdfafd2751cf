"""A generated plan as people read it, on the trainer's page and in the PDF."""

from django.conf import settings
from django.utils.translation import gettext as _

from engagements.responses import answers_by_section
from questionnaires.topic_areas import TOPIC_AREAS, topic_area_label
from training.models import Module, Note, TrainingPlan
from training.services import note_url

# The answers that describe the client's environment at a glance, in this order.
ENVIRONMENT_KEYS = (
    "environments", "os", "workstation_os", "hypervisor", "devops", "k8s_cluster", "k8s_version",
    "k8s_distribution", "hosting", "cloud_provider", "local_tools", "helm", "storage", "net_security",
    "app_migration",
)  # fmt: skip


def plan_context(engagement, language):
    plan = TrainingPlan.objects.filter(engagement=engagement).first()
    if plan is None:
        return {"plan": None}
    modules = {m.slug: m for m in Module.objects.all()}
    items = []
    for number, item in enumerate(plan.data["items"], 1):
        module = modules[item["slug"]]
        items.append(
            {
                **item,
                "number": number,
                "module": module,
                "title": module.title_in(language),
                "start": item["slots"][0]["start"] if item["slots"] else None,
                "end": item["slots"][-1]["end"] if item["slots"] else None,
                "reasons": [_reason_text(r, modules, language) for r in item["reasons"]],
            }
        )
    gaps = [
        {
            "area": area,
            "label": topic_area_label(area, language),
            "target": plan.data["gaps"][area][0],
            "current": plan.data["gaps"][area][1],
        }
        for area in TOPIC_AREAS
        if area in plan.data["gaps"]
    ]
    return {
        "plan": plan,
        "items": items,
        "gaps": gaps,
        "mastered": [modules[s] for s in plan.data["mastered"] if s in modules],
        "warnings": [
            {**w, "text": w[language], "module": modules.get(w["module"])} for w in plan.data["warnings"]
        ],
        "changes": [{**c, "module": modules.get(c["slug"])} for c in plan.changes],
        "language": language,
    }


def _reason_text(reason, modules, language):
    if reason["kind"] == "prerequisite":
        needed_by = modules.get(reason["ref"])
        title = needed_by.title_in(language) if needed_by else reason["ref"]
        return _("needed before “%(title)s”") % {"title": title}
    if reason["kind"] == "trainer":
        return _("trainer's choice: %(reason)s") % {"reason": reason["ref"]}
    return reason[language]


def pdf_context(engagement, plan, language):
    context = plan_context(engagement, language)
    notes = {n.module_id: n for n in Note.objects.filter(language=language)}
    weeks = {}
    for item in context["items"]:
        note = notes.get(item["module"].pk)
        item["objectives"] = note.objectives if note else []
        item["note_url"] = settings.SITE_URL + note_url(item["slug"], language)
        item["links"] = [
            {"url": link["url"], "label": link[f"label_{language}"]} for link in item["module"].links
        ]
        for slot in item["slots"]:
            week = weeks.setdefault(
                slot["week"],
                {"number": slot["week"] + 1, "start": slot["start"], "end": slot["end"], "rows": []},
            )
            week["rows"].append({"title": item["title"], "hours": slot["hours"], "slug": item["slug"]})
    client = engagement.client_invitation.response
    sections = answers_by_section(client, language)
    rows = {row["key"]: row for section in sections for row in section["rows"]}
    context.update(
        engagement=engagement,
        weeks=[weeks[k] for k in sorted(weeks)],
        environment=[
            rows[key]
            for key in ENVIRONMENT_KEYS
            if key in rows and rows[key]["applicable"] and rows[key]["value"]
        ],
        client_sections=sections,
        trainee_sections=answers_by_section(engagement.trainee_invitation.response, language),
        chart=gap_chart(context["gaps"]),
        questionnaire_version=client.version.number,
        trainer=engagement.trainer.get_full_name() or engagement.trainer.get_username(),
    )
    return context


def gap_chart(gaps):
    """Geometry of a horizontal bar chart, target against self-assessed level, for an inline SVG."""
    row, label_width, scale = 22, 290, 50
    bars = []
    for index, gap in enumerate(gaps):
        y = 10 + index * row
        bars.append(
            {
                **gap,
                "y": y,
                "text_y": y + 12,
                "target_width": gap["target"] * scale,
                "current_width": gap["current"] * scale,
                "x": label_width,
            }
        )
    ticks = [{"x": label_width + level * scale, "level": level} for level in range(5)]
    height = 30 + len(gaps) * row
    return {
        "bars": bars,
        "ticks": ticks,
        "height": height,
        "width": label_width + 4 * scale + 20,
        "axis_y": height - 10,
        "label_width": label_width,
    }
