"""Training plans for engagements: generation from answers, the trainer's overrides, what changed."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from engagements.models import AuditEvent, Engagement
from engagements.services import audit
from questionnaires.definition import submitted_answers
from questionnaires.models import QuestionnaireVersion
from training.models import Module, Note, PlanOverride, RuleSet, TrainingPlan
from training.planner import ModuleInfo, Override, PlanInput, build_plan, checksum
from training.rules import Rules, parse_rules


class NoRules(Exception):
    """content/rules.yaml was never loaded."""


def client_questions(definition) -> dict:
    return {key: (q.type, q.values or None) for key, q in definition.questions.items()}


def current_rules() -> Rules:
    rule_set = RuleSet.objects.order_by("-loaded_at", "-pk").first()
    if rule_set is None:
        raise NoRules("content/rules.yaml is not loaded: run load_content")
    version = (
        QuestionnaireVersion.objects.filter(questionnaire__key="client-environment")
        .order_by("-number")
        .first()
    )
    modules = dict(Module.objects.active().values_list("slug", "alternative_group"))
    return parse_rules(
        "rules.yaml",
        rule_set.source,
        questions=client_questions(version.definition),
        modules={slug: group or None for slug, group in modules.items()},
    )


def catalogue_info() -> dict[str, ModuleInfo]:
    modules = Module.objects.active().prefetch_related("prerequisites")
    return {
        m.slug: ModuleInfo(
            slug=m.slug,
            hours=m.hours,
            level=m.level,
            topic_area=m.topic_area,
            prerequisites=tuple(sorted(p.slug for p in m.prerequisites.all())),
            alternative_group=m.alternative_group or None,
            version_notes=tuple(
                (v["kubernetes"], v["change"], v["text_fr"], v["text_en"]) for v in m.version_notes
            ),
        )
        for m in modules
    }


def _visible_answers(response):
    if response.is_submitted:
        return dict(response.submitted_answers.get("answers", {}))
    return submitted_answers(response.definition, response.answers)


def plan_input_for(engagement: Engagement) -> PlanInput:
    overrides = tuple(
        Override(o.action, o.module.slug, o.value, o.reason)
        for o in engagement.plan_overrides.filter(active=True).select_related("module")
    )
    levels = {
        key: value
        for key, value in _visible_answers(engagement.trainee_invitation.response).items()
        if isinstance(value, int)
    }
    return PlanInput(
        rules=current_rules(),
        modules=catalogue_info(),
        answers=_visible_answers(engagement.client_invitation.response),
        levels=levels,
        start=engagement.start_date,
        hours_per_week=engagement.hours_per_week,
        due=engagement.due_date,
        overrides=overrides,
    )


def notes_revision() -> str:
    """Which notes a PDF links to: the total of note revisions and the latest change."""
    total = Note.objects.aggregate(total=Sum("revision"))["total"] or 0
    latest = Note.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return f"{total}-{latest:%Y%m%d%H%M}" if latest else "0"


def serialise(plan) -> dict:
    def reason(why):
        return {
            "kind": why.kind,
            "ref": why.ref,
            "fr": why.text.fr if why.text else "",
            "en": why.text.en if why.text else "",
        }

    return {
        "items": [
            {
                "slug": item.slug,
                "hours": item.hours,
                "priority": item.priority,
                "shortened": item.shortened,
                "reasons": [reason(why) for why in item.reasons],
                "slots": [
                    {"week": s.week, "start": s.start.isoformat(), "end": s.end.isoformat(), "hours": s.hours}
                    for s in item.slots
                ],
            }
            for item in plan.items
        ],
        "mastered": plan.mastered,
        "removed": plan.removed,
        "gaps": {area: list(pair) for area, pair in plan.gaps.items()},
        "warnings": [
            {
                "module": w.module,
                "release": w.release,
                "change": w.change,
                "fr": w.text.fr,
                "en": w.text.en,
                "applies_now": w.applies_now,
            }
            for w in plan.warnings
        ],
        "weeks": [
            {"week": w, "start": a.isoformat(), "end": b.isoformat(), "hours": h} for w, a, b, h in plan.weeks
        ],
        "end": plan.end.isoformat() if plan.end else None,
        "shortfall_days": plan.shortfall_days,
        "total_hours": plan.total_hours,
    }


def _changes(old: dict | None, new: dict) -> list[dict]:
    if not old:
        return []
    before = {i["slug"]: i["hours"] for i in old["items"]}
    after = {i["slug"]: i["hours"] for i in new["items"]}
    changes = [{"slug": s, "change": "added"} for s in after if s not in before]
    changes += [{"slug": s, "change": "removed"} for s in before if s not in after]
    changes += [
        {"slug": s, "change": "hours", "before": before[s], "after": after[s]}
        for s in after
        if s in before and before[s] != after[s]
    ]
    old_order = [s for s in before if s in after]
    new_order = [s for s in after if s in before]
    if old_order != new_order:
        changes.append({"slug": "", "change": "order"})
    return changes


@transaction.atomic
def plan_generate(engagement: Engagement, *, actor=None) -> TrainingPlan:
    plan_input = plan_input_for(engagement)
    data = serialise(build_plan(plan_input))
    previous = TrainingPlan.objects.filter(engagement=engagement).first()
    fields = {
        "data": data,
        "checksum": checksum(plan_input),
        "rules_digest": plan_input.rules.digest,
        "notes_revision": notes_revision(),
        "changes": _changes(previous.data if previous else None, data),
        "generated_at": timezone.now(),
    }
    plan, _created = TrainingPlan.objects.update_or_create(engagement=engagement, defaults=fields)
    audit(AuditEvent.Kind.PLAN_GENERATED, engagement=engagement, actor=actor)
    return plan


@transaction.atomic
def plan_override_add(engagement, *, actor, action, module, value=None, reason="") -> TrainingPlan:
    current_rules()  # no rules, no plan: refuse before recording anything
    PlanOverride.objects.create(
        engagement=engagement, action=action, module=module, value=value, reason=reason, author=actor
    )
    return plan_generate(engagement, actor=actor)


@transaction.atomic
def plan_override_cancel(engagement, override_id, *, actor) -> TrainingPlan:
    PlanOverride.objects.filter(engagement=engagement, pk=override_id).update(active=False)
    return plan_generate(engagement, actor=actor)


def on_response_submitted(invitation) -> None:
    """The questionnaire engine's hook: a submitted questionnaire regenerates the plan."""
    engagement = Engagement.objects.filter(**{f"{invitation.kind}_invitation": invitation}).first()
    if engagement is None:
        return

    def generate():
        try:
            plan_generate(engagement)
        except NoRules:
            return  # a portal without rules has no plans; the trainer's page says so

    # robust: a plan that cannot be built must not turn the client's submission into an error page;
    # Django logs the exception and the trainer can generate the plan from the engagement's page.
    transaction.on_commit(generate, robust=True)
