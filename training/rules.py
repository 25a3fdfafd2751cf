"""Training rules: what the client's answers pull into a plan. Pure Python, no Django.

content/rules.yaml (format in content/rules/README.md) holds core modules, default target levels
per topic area, and rules: a condition on answers and what it does. Conditions are evaluated by the
small evaluator below: data only, no eval, no templates.
"""

import hashlib
from dataclasses import dataclass, field

import yaml

from questionnaires.definition import VERSION_PATTERN, evaluate, version_tuple
from questionnaires.topic_areas import TOPIC_AREAS

VERSION_OPERATORS = {"version_lt", "version_lte", "version_gt", "version_gte"}
ANSWER_OPERATORS = {"equals", "one_of", "contains", "answered"} | VERSION_OPERATORS
RULE_FIELDS = {"key", "when", "include", "raise", "choose", "warn", "reason", "target"}
TARGETS = ("client", "trainee")


class RulesError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Reason:
    fr: str
    en: str

    def get(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


@dataclass(frozen=True)
class Rule:
    key: str
    when: dict
    reason: Reason
    include: tuple[tuple[str, int], ...] = ()  # (module slug, priority 1 high .. 9 low)
    raise_levels: tuple[tuple[str, int], ...] = ()  # (topic area, target level)
    choose: tuple[str, str] | None = None  # (alternative group, module slug)
    warn: Reason | None = None


@dataclass(frozen=True)
class Rules:
    core: tuple[str, ...]
    targets: dict[str, int]
    rules: tuple[Rule, ...]
    digest: str = ""
    references: frozenset[str] = field(default_factory=frozenset)  # question keys the rules read


def condition_holds(condition: dict, answers: dict) -> bool:
    """show_if's operators, plus version comparisons: {question: k8s_version, version_lt: "1.25"}."""
    if "all" in condition:
        return all(condition_holds(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(condition_holds(c, answers) for c in condition["any"])
    if "not" in condition:
        return not condition_holds(condition["not"], answers)
    operator = next((op for op in VERSION_OPERATORS if op in condition), None)
    if operator is None:
        return evaluate(condition, answers)
    value = answers.get(condition["question"])
    if not isinstance(value, str) or not VERSION_PATTERN.match(value):
        return False
    mine, theirs = version_tuple(value), version_tuple(str(condition[operator]))
    # Compare on the parts both have: 1.29.4 is "1.29" for a rule about 1.29.
    mine = mine[: len(theirs)]
    return {
        "version_lt": mine < theirs,
        "version_lte": mine <= theirs,
        "version_gt": mine > theirs,
        "version_gte": mine >= theirs,
    }[operator]


def _reason(where, value, problems, *, required=True):
    if value is None and not required:
        return None
    if (
        isinstance(value, dict)
        and set(value) == {"fr", "en"}
        and all(isinstance(v, str) and v.strip() for v in value.values())
    ):
        return Reason(value["fr"].strip(), value["en"].strip())
    problems.append(f"{where}: needs a French (fr) and an English (en) text")
    return None


def _check_condition(where, condition, questions, problems):
    """questions: {key: (type, allowed values or None)} of the client questionnaire."""
    if not isinstance(condition, dict) or not condition:
        problems.append(f"{where}: must be a condition such as {{question: key, equals: value}}")
        return set()
    for combinator in ("all", "any"):
        if combinator in condition:
            items = condition[combinator]
            if len(condition) != 1 or not isinstance(items, list) or not items:
                problems.append(f"{where}: {combinator}: must be the only key, with a non-empty list")
                return set()
            return set().union(*(_check_condition(where, c, questions, problems) for c in items))
    if "not" in condition:
        if len(condition) != 1:
            problems.append(f"{where}: not: must be the only key")
            return set()
        return _check_condition(where, condition["not"], questions, problems)
    operators = set(condition) - {"question"}
    if len(operators) != 1 or not operators <= ANSWER_OPERATORS:
        problems.append(f"{where}: needs question and one of {', '.join(sorted(ANSWER_OPERATORS))}")
        return set()
    key, operator = condition.get("question"), operators.pop()
    if key not in questions:
        problems.append(f"{where}: unknown question key {key!r}")
        return set()
    kind, values = questions[key]
    operand = condition[operator]
    if operator in VERSION_OPERATORS:
        if kind != "version" or not VERSION_PATTERN.match(str(operand)):
            problems.append(f'{where}: {operator} needs a version question and a version such as "1.25"')
    elif operator == "contains" and kind != "multiple_choice":
        problems.append(f"{where}: contains applies to multiple_choice questions only ({key} is {kind})")
    elif operator in ("equals", "one_of", "contains") and values is not None:
        for value in operand if operator == "one_of" and isinstance(operand, list) else [operand]:
            if str(value) not in values:
                problems.append(f"{where}: {key} has no choice {value!r}")
    return {key}


def parse_rules(source: str, text: str, *, questions: dict, modules: dict) -> Rules:
    """Validate rules against the client questionnaire and the catalogue; raise RulesError listing all.

    questions: {key: (type, allowed values or None)}; modules: {slug: alternative group or None}.
    """
    problems: list[str] = []
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RulesError([f"{source}: not valid YAML ({error.__class__.__name__})"]) from None
    if not isinstance(data, dict):
        raise RulesError([f"{source}: must be a mapping with core, targets and rules"])
    core = data.get("core") or []
    for slug in core:
        if slug not in modules:
            problems.append(f"{source}: core: unknown module {slug!r}")
    targets = data.get("targets") or {}
    for area, level in targets.items():
        if area not in TOPIC_AREAS:
            problems.append(f"{source}: targets: unknown topic area {area!r}")
        elif not isinstance(level, int) or not 0 <= level <= 4:
            problems.append(f"{source}: targets: {area}: a level from 0 to 4")
    rules, keys, references = [], set(), set()
    for number, raw in enumerate(data.get("rules") or [], 1):
        where = f"{source}: rules[{number}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
            problems.append(f"{where}: needs a key")
            continue
        where = f"{source}: {raw['key']}"
        if raw["key"] in keys:
            problems.append(f"{where}: rule key used twice")
        keys.add(raw["key"])
        for name in sorted(set(raw) - RULE_FIELDS):
            problems.append(f"{where}: {name}: unknown field")
        references |= _check_condition(f"{where}: when", raw.get("when"), questions, problems)
        reason = _reason(f"{where}: reason", raw.get("reason"), problems)
        include = []
        for item in raw.get("include") or []:
            slug = item.get("module") if isinstance(item, dict) else item
            priority = item.get("priority", 5) if isinstance(item, dict) else 5
            if slug not in modules:
                problems.append(f"{where}: include: unknown module {slug!r}")
            elif not isinstance(priority, int) or not 1 <= priority <= 9:
                problems.append(f"{where}: include: {slug}: priority from 1 (first) to 9")
            else:
                include.append((slug, priority))
        raise_levels = []
        for area, level in (raw.get("raise") or {}).items():
            if area not in TOPIC_AREAS or not isinstance(level, int) or not 0 <= level <= 4:
                problems.append(f"{where}: raise: {area}: a topic area and a level from 0 to 4")
            else:
                raise_levels.append((area, level))
        choose = None
        if "choose" in raw:
            slug = raw["choose"]
            group = modules.get(slug)
            if slug not in modules or not group:
                problems.append(f"{where}: choose: {slug!r} is not a module of an alternative group")
            else:
                choose = (group, slug)
        warn = _reason(f"{where}: warn", raw.get("warn"), problems, required=False)
        if not (include or raise_levels or choose or warn):
            problems.append(f"{where}: does nothing: give include, raise, choose or warn")
        if reason:
            rules.append(
                Rule(
                    raw["key"],
                    raw.get("when") or {},
                    reason,
                    tuple(include),
                    tuple(raise_levels),
                    choose,
                    warn,
                )
            )
    if problems:
        raise RulesError(problems)
    return Rules(
        core=tuple(core),
        targets=dict(targets),
        rules=tuple(rules),
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
        references=frozenset(references),
    )
