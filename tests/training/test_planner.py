"""The planner and the rules evaluator: pure logic, no database, with Hypothesis properties."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from training.planner import ModuleInfo, Override, PlanInput, build_plan
from training.rules import Reason, Rule, Rules, RulesError, condition_holds, parse_rules

WHY = Reason("car …", "because …")


def catalogue(**extra):
    modules = {
        "linux": ModuleInfo("linux", 10, 1, "linux"),
        "containers": ModuleInfo("containers", 8, 1, "containers", ("linux",)),
        "k8s": ModuleInfo("k8s", 6, 1, "k8s_core", ("containers",)),
        "storage": ModuleInfo(
            "storage",
            5,
            2,
            "k8s_storage",
            ("k8s",),
            version_notes=(("1.25", "removed", "supprimé", "removed"),),
        ),
        "nfs": ModuleInfo("nfs", 4, 2, "k8s_storage", ("linux",)),
        "vmware": ModuleInfo("vmware", 24, 2, "virtualisation", (), "hypervisor"),
        "kvm": ModuleInfo("kvm", 12, 2, "virtualisation", (), "hypervisor"),
    }
    modules.update(extra)
    return modules


def rules(*rule_list, core=("k8s",), targets=None):
    return Rules(
        core=core,
        targets=targets or {"k8s_core": 3, "linux": 2, "containers": 2},
        rules=tuple(rule_list),
        digest="test",
    )


def plan(
    rule_set,
    answers=None,
    levels=None,
    overrides=(),
    start=date(2027, 1, 4),
    hours=10,
    due=None,
    modules=None,
):
    return build_plan(
        PlanInput(
            rule_set, modules or catalogue(), answers or {}, levels or {}, start, hours, due, tuple(overrides)
        )
    )


NFS = Rule(
    "nfs",
    {"question": "storage", "contains": "nfs"},
    WHY,
    include=(("nfs", 3), ("storage", 5)),
    raise_levels=(("k8s_storage", 3),),
)
VMWARE = Rule(
    "vmware", {"question": "hypervisor", "contains": "vmware"}, WHY, choose=("hypervisor", "vmware")
)


def slugs(result):
    return [item.slug for item in result.items]


def test_core_modules_come_with_their_prerequisites_first():
    result = plan(rules())
    assert slugs(result) == ["linux", "containers", "k8s"]
    assert [w.kind for w in result.items[0].reasons] == ["prerequisite"]
    assert result.items[0].reasons[0].ref == "containers"


def test_rules_pull_modules_with_their_reason_and_raise_targets():
    result = plan(rules(NFS), {"storage": ["nfs", "local_disk"]})
    assert set(slugs(result)) == {"linux", "containers", "k8s", "storage", "nfs"}
    nfs = next(i for i in result.items if i.slug == "nfs")
    assert nfs.reasons[0].ref == "nfs" and nfs.priority == 3
    assert result.gaps["k8s_storage"] == (3, 0)


def test_a_rule_that_does_not_fire_adds_nothing():
    assert "nfs" not in slugs(plan(rules(NFS), {"storage": ["local_disk"]}))


def test_one_module_per_alternative_group_the_chosen_one():
    both = Rule("both", {"question": "x", "answered": True}, WHY, include=(("vmware", 5), ("kvm", 5)))
    result = plan(rules(both, VMWARE), {"x": "1", "hypervisor": ["vmware"]})
    assert "vmware" in slugs(result) and "kvm" not in slugs(result)
    result = plan(rules(both), {"x": "1"})  # nothing chosen: the better priority, then the slug
    assert [s for s in slugs(result) if s in ("vmware", "kvm")] == ["kvm"]


def test_mastered_modules_are_left_out_and_listed():
    result = plan(rules(), levels={"linux": 3, "containers": 2})
    assert slugs(result) == ["k8s"]
    assert result.mastered == ["containers"]  # linux is then needed by nothing


def test_partial_mastery_shortens_a_module():
    result = plan(rules(NFS), {"storage": ["nfs"]}, levels={"k8s_storage": 1})
    storage = next(i for i in result.items if i.slug == "storage")
    assert storage.shortened and storage.hours == 4.0  # ceil(5 * 0.75)


def test_trainer_overrides_add_remove_hours_and_priority():
    overrides = [
        Override("add", "kvm", reason="client asked"),
        Override("remove", "containers", reason="done last year"),
        Override("hours", "k8s", 12, "more practice"),
        Override("priority", "kvm", 1, "first"),
    ]
    result = plan(rules(), overrides=overrides)
    assert "containers" not in slugs(result) and result.removed == ["containers"]
    assert slugs(result)[0] in ("kvm", "linux")
    assert next(i for i in result.items if i.slug == "k8s").hours == 12
    kvm = next(i for i in result.items if i.slug == "kvm")
    assert kvm.reasons == [kvm.reasons[0]] and kvm.reasons[0].kind == "trainer"


def test_schedule_skips_weekends_and_splits_long_modules():
    # 10 h a week with a 10 % buffer: 9 h a week, 1.8 h a day. Start on a Wednesday: 3 days first.
    result = plan(rules(), start=date(2027, 1, 6))
    first = result.weeks[0]
    assert (first[1], first[2], first[3]) == (date(2027, 1, 6), date(2027, 1, 8), 5.4)
    assert result.weeks[1][1] == date(2027, 1, 11)  # the Monday after, not the Saturday
    linux = result.items[0]
    assert len(linux.slots) == 2 and sum(s.hours for s in linux.slots) == pytest.approx(10)
    assert all(slot.start.weekday() < 5 and slot.end.weekday() == 4 for i in result.items for slot in i.slots)


def test_the_end_is_compared_with_the_due_date():
    result = plan(rules(), due=date(2027, 1, 15))
    assert result.end == date(2027, 1, 22) and result.shortfall_days == 5
    assert plan(rules(), due=date(2027, 3, 1)).shortfall_days == 0


def test_version_warnings_from_rules_and_modules():
    old = Rule(
        "old", {"question": "k8s_version", "version_lt": "1.25"}, WHY, warn=Reason("mettre à jour", "upgrade")
    )
    result = plan(rules(old, NFS), {"k8s_version": "1.23.4", "storage": ["nfs"]})
    assert [(w.module, w.applies_now) for w in result.warnings] == [("", True), ("storage", False)]
    result = plan(rules(old, NFS), {"k8s_version": "1.25", "storage": ["nfs"]})
    assert [(w.module, w.applies_now) for w in result.warnings] == [("storage", True)]
    # Changes before the client's release are behind them: no warning.
    assert plan(rules(old, NFS), {"k8s_version": "1.29", "storage": ["nfs"]}).warnings == []
    assert plan(rules(old, NFS), {"storage": ["nfs"]}).warnings == []


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        ({"question": "v", "version_lt": "1.25"}, {"v": "1.9"}, True),
        ({"question": "v", "version_lt": "1.25"}, {"v": "1.25.3"}, False),
        ({"question": "v", "version_lte": "1.25"}, {"v": "1.25.3"}, True),
        ({"question": "v", "version_gt": "1.25"}, {"v": "1.26"}, True),
        ({"question": "v", "version_gte": "1.35"}, {"v": "1.35.0"}, True),
        ({"question": "v", "version_gte": "1.35"}, {}, False),
        ({"question": "v", "version_lt": "1.25"}, {"v": "not a version"}, False),
        (
            {"all": [{"question": "a", "equals": "yes"}, {"not": {"question": "v", "version_lt": "1.30"}}]},
            {"a": "yes", "v": "1.31"},
            True,
        ),
        ({"question": "s", "contains": "nfs"}, {"s": ["nfs"]}, True),
        ({"question": "s", "one_of": ["x", "y"]}, {"s": "y"}, True),
    ],
)
def test_conditions(condition, answers, expected):
    assert condition_holds(condition, answers) is expected


QUESTIONS = {
    "storage": ("multiple_choice", ("nfs", "local_disk")),
    "k8s_version": ("version", None),
    "hosting": ("single_choice", ("on_prem", "cloud")),
}
MODULES = {"nfs": None, "vmware": "hypervisor", "k8s": None}
RULE = "rules: [{key: a, when: %s, %s, reason: {fr: a, en: b}}]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "rules: [{key: a, when: {question: ghost, equals: x}, include: [nfs], reason: {fr: a, en: b}}]",
            "unknown question key 'ghost'",
        ),
        (
            RULE % ("{question: storage, contains: ceph}", "include: [nfs]"),
            "storage has no choice 'ceph'",
        ),
        (
            "rules: [{key: a, when: {question: hosting, equals: x}, include: [zzz], reason: {fr: a, en: b}}]",
            "unknown module 'zzz'",
        ),
        (
            RULE % ("{question: hosting, version_lt: '1.2'}", "include: [nfs]"),
            "version_lt needs a version question",
        ),
        (
            "rules: [{key: a, when: {question: storage, contains: nfs}, include: [nfs], reason: {fr: a}}]",
            "reason: needs a French (fr) and an English (en) text",
        ),
        (
            RULE % ("{question: storage, contains: nfs}", "choose: nfs"),
            "is not a module of an alternative group",
        ),
        (
            "rules: [{key: a, when: {question: storage, contains: nfs}, reason: {fr: a, en: b}}]",
            "does nothing",
        ),
        ("core: [ghost]", "core: unknown module 'ghost'"),
        (
            "rules: [{key: a, when: {eval: '__import__(\"os\")'}, include: [nfs], reason: {fr: a, en: b}}]",
            "needs question and one of",
        ),
    ],
)
def test_bad_rules_are_rejected_with_the_rule_key(text, expected):
    with pytest.raises(RulesError) as caught:
        parse_rules("rules.yaml", text, questions=QUESTIONS, modules=MODULES)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


# ---------------------------------------------------------------- properties


@st.composite
def plan_inputs(draw):
    size = draw(st.integers(min_value=1, max_value=12))
    areas = ["linux", "containers", "k8s_core", "k8s_storage"]
    modules = {}
    for n in range(size):
        prerequisites = (
            tuple(draw(st.lists(st.sampled_from([f"m{i}" for i in range(n)]), unique=True, max_size=3)))
            if n
            else ()
        )
        modules[f"m{n}"] = ModuleInfo(
            f"m{n}",
            draw(st.integers(1, 30)),
            draw(st.integers(1, 4)),
            draw(st.sampled_from(areas)),
            prerequisites,
        )
    slugs_ = sorted(modules)
    rule_list = [
        Rule(
            f"r{i}",
            {"question": f"q{i}", "equals": "yes"},
            WHY,
            include=tuple(
                (s, draw(st.integers(1, 9)))
                for s in draw(st.lists(st.sampled_from(slugs_), unique=True, max_size=3))
            ),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    rule_list = [r for r in rule_list if r.include]
    answers = {f"q{i}": draw(st.sampled_from(["yes", "no"])) for i in range(4)}
    levels = {area: draw(st.integers(0, 4)) for area in areas}
    overrides = tuple(
        Override(
            draw(st.sampled_from(["add", "remove", "hours", "priority"])),
            draw(st.sampled_from(slugs_)),
            draw(st.integers(1, 20)),
            "x",
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    core = tuple(draw(st.lists(st.sampled_from(slugs_), unique=True, max_size=2)))
    return PlanInput(
        Rules(core, {a: draw(st.integers(0, 4)) for a in areas}, tuple(rule_list), "p"),
        modules,
        answers,
        levels,
        draw(st.dates(date(2026, 1, 1), date(2030, 1, 1))),
        draw(st.integers(1, 40)),
        None,
        overrides,
    )


@settings(max_examples=150, deadline=None)
@given(plan_inputs())
def test_planner_properties(plan_input):
    result = build_plan(plan_input)
    position = {item.slug: n for n, item in enumerate(result.items)}
    removed = {o.module for o in plan_input.overrides if o.action == "remove"}
    # Prerequisites always come before the modules that need them.
    for item in result.items:
        for prerequisite in plan_input.modules[item.slug].prerequisites:
            if prerequisite in position:
                assert position[prerequisite] < position[item.slug]
            else:
                assert prerequisite in result.mastered or prerequisite in removed
    # Every module a rule included is present, unless mastered or removed by the trainer.
    for rule in plan_input.rules.rules:
        if condition_holds(rule.when, plan_input.answers):
            for slug, _priority in rule.include:
                assert slug in position or slug in result.mastered or slug in removed
    # No week holds more than its hours, and every hour is placed.
    used = {}
    for item in result.items:
        assert sum(slot.hours for slot in item.slots) == pytest.approx(item.hours, abs=0.02)
        for slot in item.slots:
            used[slot.week] = used.get(slot.week, 0) + slot.hours
    capacity = {week: hours for week, _first, _last, hours in result.weeks}
    assert all(used[week] <= capacity[week] + 1e-6 for week in used)
    # The same input gives the same plan.
    again = build_plan(plan_input)
    assert [(i.slug, i.hours, [(s.week, s.hours) for s in i.slots]) for i in again.items] == [
        (i.slug, i.hours, [(s.week, s.hours) for s in i.slots]) for i in result.items
    ]
    assert again.checksum == result.checksum
