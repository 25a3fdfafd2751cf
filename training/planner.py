"""The training planner: rules, catalogue, answers and levels in; an ordered, dated plan out.

Pure Python, no Django: the same input always gives the same plan. Steps: fire the rules, raise the
targets, gather modules (core, rules, the trainer's additions), keep one per alternative group, leave
out what the trainee already masters, pull in hard prerequisites, apply the trainer's overrides, sort
prerequisites first (ties: priority, then level, then slug), and place the hours into dated weeks.
"""

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from questionnaires.definition import VERSION_PATTERN, version_tuple
from questionnaires.topic_areas import TOPIC_AREAS
from training.rules import Reason, Rules, condition_holds

CORE_PRIORITY = 5
CORE = Reason(
    "car il fait partie du socle de toute formation Kubernetes",
    "because it is part of every Kubernetes training",
)
TRAINER = "trainer"


@dataclass(frozen=True)
class ModuleInfo:
    slug: str
    hours: int
    level: int
    topic_area: str
    prerequisites: tuple[str, ...] = ()
    alternative_group: str | None = None
    version_notes: tuple[tuple[str, str, str, str], ...] = ()  # (release, change, French, English)


@dataclass(frozen=True)
class Override:
    action: str  # add | remove | hours | priority
    module: str
    value: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class PlanInput:
    rules: Rules
    modules: dict[str, ModuleInfo]
    answers: dict
    levels: dict[str, int]
    start: date
    hours_per_week: int
    due: date | None = None
    overrides: tuple[Override, ...] = ()
    buffer: float = 0.1  # share of each week kept free for review and catching up


@dataclass(frozen=True)
class Why:
    kind: str  # core | rule | prerequisite | trainer
    ref: str  # the rule key, the module that needs it, or the trainer's reason
    text: Reason | None = None


@dataclass
class Slot:
    week: int
    start: date
    end: date
    hours: float


@dataclass
class Item:
    slug: str
    hours: float
    priority: int
    reasons: list[Why]
    shortened: bool = False
    slots: list[Slot] = field(default_factory=list)

    @property
    def start(self):
        return self.slots[0].start if self.slots else None

    @property
    def end(self):
        return self.slots[-1].end if self.slots else None


@dataclass(frozen=True)
class PlanWarning:
    module: str  # "" for a rule's warning
    release: str
    change: str
    text: Reason
    applies_now: bool


@dataclass
class Plan:
    items: list[Item]
    mastered: list[str]
    removed: list[str]
    gaps: dict[str, tuple[int, int]]  # topic area -> (target, current)
    warnings: list[PlanWarning]
    weeks: list[tuple[int, date, date, float]]  # (week, first day, last day, hours available)
    end: date | None
    shortfall_days: int
    checksum: str

    @property
    def total_hours(self):
        return sum(item.hours for item in self.items)


def checksum(plan_input: PlanInput) -> str:
    data = {
        "rules": plan_input.rules.digest,
        "modules": sorted(
            (m.slug, m.hours, m.level, m.topic_area, m.prerequisites) for m in plan_input.modules.values()
        ),
        "answers": plan_input.answers,
        "levels": plan_input.levels,
        "start": plan_input.start.isoformat(),
        "hours_per_week": plan_input.hours_per_week,
        "due": plan_input.due.isoformat() if plan_input.due else None,
        "overrides": [asdict(o) for o in plan_input.overrides],
        "buffer": plan_input.buffer,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def build_plan(plan_input: PlanInput) -> Plan:
    modules, answers = plan_input.modules, plan_input.answers
    levels = {area: int(plan_input.levels.get(area, 0) or 0) for area in TOPIC_AREAS}
    fired = [rule for rule in plan_input.rules.rules if condition_holds(rule.when, answers)]
    targets = {area: plan_input.rules.targets.get(area, 0) for area in TOPIC_AREAS}
    for rule in fired:
        for area, level in rule.raise_levels:
            targets[area] = max(targets[area], level)

    overrides = {o.action: {} for o in plan_input.overrides}
    for override in plan_input.overrides:  # the latest override of a kind wins for a module
        overrides[override.action][override.module] = override
    added, removed = overrides.get("add", {}), overrides.get("remove", {})

    wanted: dict[str, tuple[int, list[Why]]] = {}

    def want(slug, priority, why):
        if slug not in modules:
            return
        old_priority, reasons = wanted.get(slug, (9, []))
        if why not in reasons:
            reasons.append(why)
        wanted[slug] = (min(old_priority, priority), reasons)

    for slug in plan_input.rules.core:
        want(slug, CORE_PRIORITY, Why("core", "core", CORE))
    chosen: dict[str, str] = {}
    for rule in fired:
        for slug, priority in rule.include:
            want(slug, priority, Why("rule", rule.key, rule.reason))
        if rule.choose and rule.choose[0] not in chosen:
            chosen[rule.choose[0]] = rule.choose[1]
            want(rule.choose[1], 5, Why("rule", rule.key, rule.reason))
    for slug, override in added.items():
        want(slug, 5, Why(TRAINER, override.reason))

    def keep_in_group(slug):
        group = modules[slug].alternative_group
        if not group:
            return True
        if group in chosen:
            return chosen[group] == slug or slug in added
        rivals = sorted((wanted[s][0], s) for s in wanted if modules[s].alternative_group == group)
        return rivals[0][1] == slug or slug in added

    mastered: set[str] = set()

    def is_mastered(slug):
        module = modules[slug]
        current = levels[module.topic_area]
        return slug not in added and current >= module.level and current >= targets[module.topic_area]

    selected: dict[str, tuple[int, list[Why]]] = {}
    for slug in sorted(wanted):
        if slug in removed or not keep_in_group(slug):
            continue
        if is_mastered(slug):
            mastered.add(slug)
            continue
        selected[slug] = wanted[slug]

    # Hard prerequisites, transitively: each pulled in with the module that needs it as its reason.
    pending = sorted(selected)
    while pending:
        slug = pending.pop()
        for prerequisite in modules[slug].prerequisites:
            if prerequisite not in modules or prerequisite in removed:
                continue
            if is_mastered(prerequisite):
                mastered.add(prerequisite)
                continue
            priority, reasons = selected.get(prerequisite, (9, []))
            why = Why("prerequisite", slug)
            if why not in reasons:
                reasons.append(why)
            if prerequisite not in selected:
                pending.append(prerequisite)
            selected[prerequisite] = (min(priority, selected[slug][0]), reasons)

    for slug, override in overrides.get("priority", {}).items():
        if slug in selected and override.value is not None:
            selected[slug] = (max(1, min(9, override.value)), selected[slug][1])

    items = []
    for slug in _prerequisites_first(selected, modules):
        module = modules[slug]
        hours, shortened = float(module.hours), False
        current = levels[module.topic_area]
        if 1 <= current == module.level - 1 and slug not in added:
            hours, shortened = float(math.ceil(module.hours * 0.75)), True
        hours_override = overrides.get("hours", {}).get(slug)
        if hours_override and hours_override.value:
            hours, shortened = float(hours_override.value), False
        items.append(Item(slug, hours, selected[slug][0], selected[slug][1], shortened))

    weeks = _schedule(items, plan_input.start, plan_input.hours_per_week, plan_input.buffer)
    end = items[-1].end if items and items[-1].slots else None
    shortfall = (
        _workdays_between(plan_input.due, end) if plan_input.due and end and end > plan_input.due else 0
    )
    return Plan(
        items=items,
        mastered=sorted(mastered - set(selected)),
        removed=sorted(removed),
        gaps={area: (targets[area], levels[area]) for area in TOPIC_AREAS},
        warnings=_warnings(fired, [modules[i.slug] for i in items], answers.get("k8s_version")),
        weeks=weeks,
        end=end,
        shortfall_days=shortfall,
        checksum=checksum(plan_input),
    )


def _prerequisites_first(selected, modules) -> list[str]:
    """Kahn's topological sort on hard prerequisites; ties by priority, then level, then slug."""
    needs = {slug: {p for p in modules[slug].prerequisites if p in selected} for slug in selected}
    order, done = [], set()
    while len(order) < len(selected):
        ready = [s for s in selected if s not in done and needs[s] <= done]
        if not ready:  # a cycle cannot come from a validated catalogue; keep going deterministically
            ready = [s for s in selected if s not in done]
        best = min(ready, key=lambda s: (selected[s][0], modules[s].level, s))
        order.append(best)
        done.add(best)
    return order


def _weekdays(start: date):
    """The first working day at or after start, and each Monday after it."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while True:
        friday = day + timedelta(days=4 - day.weekday())
        yield day, friday, (friday - day).days + 1
        day = friday + timedelta(days=3)


def _schedule(items, start, hours_per_week, buffer):
    """Fill weeks in order; a module longer than what a week has left continues the next week."""
    per_day = hours_per_week * (1 - buffer) / 5
    weeks, calendar = [], _weekdays(start)
    index, left, week = -1, 0.0, None
    for item in items:
        remaining = item.hours
        while remaining > 1e-9:
            if left <= 1e-9:
                first_day, last_day, days = next(calendar)
                index += 1
                capacity = round(per_day * days, 2)
                week = (index, first_day, last_day, capacity)
                weeks.append(week)
                left = capacity
                if capacity <= 0:
                    continue
            used = min(remaining, left)
            item.slots.append(Slot(week[0], week[1], week[2], round(used, 2)))
            remaining -= used
            left -= used
    return weeks


def _workdays_between(earlier: date, later: date) -> int:
    return sum(1 for n in range(1, (later - earlier).days + 1) if (earlier + timedelta(days=n)).weekday() < 5)


def _warnings(fired, modules, client_version) -> list[PlanWarning]:
    """The rules' warnings, and the modules' removals and deprecations in or after the client's release."""
    warnings = [PlanWarning("", "", "", rule.warn, True) for rule in fired if rule.warn]
    if not (isinstance(client_version, str) and VERSION_PATTERN.match(client_version)):
        return warnings
    client = version_tuple(client_version)[:2]
    for module in modules:
        for release, change, french, english in module.version_notes:
            if change in ("removed", "deprecated") and version_tuple(release)[:2] >= client:
                applies = version_tuple(release)[:2] == client
                warnings.append(PlanWarning(module.slug, release, change, Reason(french, english), applies))
    return warnings
