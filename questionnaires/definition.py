"""Questionnaire definitions: parsing, validation, show_if conditions, visibility and answers.

Pure Python (no Django), so it is tested without a database. A definition is YAML: sections of
questions with stable keys; see content/questionnaires/README.md. Error messages for people are
returned as codes with parameters; the Django layer translates them.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

import yaml

LANGUAGES = ("fr", "en")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
VERSION_PATTERN = re.compile(r"^v?(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?$")
OTHER = "other"
DONT_KNOW = "dont_know"
YES_NO_VALUES = ("yes", "no", DONT_KNOW)
LEVELS = (0, 1, 2, 3, 4)
CHOICE_TYPES = {"single_choice", "multiple_choice"}
TEXT_LIMITS = {"short_text": 300, "long_text": 5000}
OTHER_TEXT_LIMIT = 300
TYPES = {
    "single_choice",
    "multiple_choice",
    "yes_no",
    "short_text",
    "long_text",
    "number",
    "version",
    "date",
    "file",
    "level",
}
QUESTION_FIELDS = {
    "key",
    "type",
    "label",
    "help",
    "required",
    "choices",
    "other",
    "dont_know",
    "show_if",
    "min",
    "max",
    "max_length",
    "placeholder",
}
CONDITION_OPERATORS = {"equals", "one_of", "contains", "answered"}


class DefinitionError(Exception):
    """Every problem of a definition, one line each: "file: key: what is wrong"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Text:
    fr: str
    en: str

    def get(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    label: Text
    help: Text | None = None
    required: bool = False
    choices: tuple[Choice, ...] = ()
    other: bool = False
    dont_know: bool = False
    show_if: dict | None = None
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    placeholder: Text | None = None

    @property
    def values(self) -> tuple[str, ...]:
        """Every value an answer may take, for choice-like questions."""
        if self.type == "yes_no":
            return YES_NO_VALUES
        if self.type == "level":
            return tuple(str(level) for level in LEVELS)
        values = tuple(c.value for c in self.choices)
        return values + ((OTHER,) if self.other else ()) + ((DONT_KNOW,) if self.dont_know else ())


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    intro: Text | None
    questions: tuple[Question, ...]
    show_if: dict | None = None


@dataclass(frozen=True)
class Definition:
    key: str
    title: Text
    intro: Text
    estimated_minutes: int
    sections: tuple[Section, ...]
    level_scale: tuple[tuple[Text, Text], ...] = ()  # (name, description) for levels 0-4
    digest: str = ""
    questions: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def section_of(self, question_key: str) -> Section:
        return next(s for s in self.sections if any(q.key == question_key for q in s.questions))


# ---------------------------------------------------------------- parsing and validation


def _text(where: str, value, problems: list[str], *, required: bool = True) -> Text | None:
    if value is None and not required:
        return None
    if (
        isinstance(value, dict)
        and set(value) == set(LANGUAGES)
        and all(isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES)
    ):
        return Text(value["fr"].strip(), value["en"].strip())
    problems.append(f"{where}: needs a French (fr) and an English (en) text, both non-empty")
    return None


def parse_definition(source: str, text: str) -> Definition:
    """Parse and validate a definition; raise DefinitionError listing every problem found."""
    problems: list[str] = []
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DefinitionError([f"{source}: not valid YAML ({error.__class__.__name__}: {error})"]) from None
    if not isinstance(data, dict):
        raise DefinitionError([f"{source}: must be a mapping with key, title, intro and sections"])

    key = data.get("key")
    if not isinstance(key, str) or not re.match(r"^[a-z][a-z0-9-]*$", key):
        problems.append(f"{source}: key: must be a lower-case name such as client-environment")
    title = _text(f"{source}: title", data.get("title"), problems)
    intro = _text(f"{source}: intro", data.get("intro"), problems)
    minutes = data.get("estimated_minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 240:
        problems.append(f"{source}: estimated_minutes: must be a whole number of minutes from 1 to 240")
    scale = _level_scale(source, data.get("level_scale"), problems)

    sections, questions = [], {}
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        problems.append(f"{source}: sections: must be a non-empty list")
        raw_sections = []
    section_keys = set()
    for number, raw in enumerate(raw_sections, 1):
        section = _section(source, number, raw, problems, questions)
        if section is None:
            continue
        if section.key in section_keys:
            problems.append(f"{source}: {section.key}: section key used twice")
        section_keys.add(section.key)
        sections.append(section)

    if any(q.type == "level" for q in questions.values()) and not scale:
        problems.append(f"{source}: level_scale: required when a question has the type level")
    for section in sections:
        if section.show_if is not None:
            _check_condition(f"{source}: {section.key}: show_if", section.show_if, questions, problems)
        for question in section.questions:
            if question.show_if is not None:
                where = f"{source}: {question.key}: show_if"
                _check_condition(where, question.show_if, questions, problems)
    cycle = _condition_cycle(sections)
    if cycle:
        problems.append(f"{source}: {cycle[0]}: show_if conditions form a loop: {' -> '.join(cycle)}")
    if problems:
        raise DefinitionError(problems)
    return Definition(
        key=key,
        title=title,
        intro=intro,
        estimated_minutes=minutes,
        sections=tuple(sections),
        level_scale=scale,
        digest=hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest(),
        questions=questions,
    )


def _level_scale(source, raw, problems):
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) != len(LEVELS):
        problems.append(f"{source}: level_scale: must list the {len(LEVELS)} levels 0 to 4, in order")
        return ()
    scale = []
    for level, item in enumerate(raw):
        item = item if isinstance(item, dict) else {}
        name = _text(f"{source}: level_scale[{level}].name", item.get("name"), problems)
        description = _text(f"{source}: level_scale[{level}].description", item.get("description"), problems)
        if name and description:
            scale.append((name, description))
    return tuple(scale)


def _section(source, number, raw, problems, questions) -> Section | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str) or not KEY_PATTERN.match(raw["key"]):
        problems.append(f"{source}: sections[{number}]: needs a key made of lower-case letters, digits and _")
        return None
    key = raw["key"]
    title = _text(f"{source}: {key}: title", raw.get("title"), problems)
    intro = _text(f"{source}: {key}: intro", raw.get("intro"), problems, required=False)
    parsed = []
    raw_questions = raw.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(f"{source}: {key}: questions: must be a non-empty list")
        raw_questions = []
    for index, raw_question in enumerate(raw_questions, 1):
        question = _question(source, f"{key}.questions[{index}]", raw_question, problems)
        if question is None:
            continue
        if question.key in questions:
            problems.append(f"{source}: {question.key}: question key used twice")
            continue
        questions[question.key] = question
        parsed.append(question)
    if title is None:
        return None
    return Section(key, title, intro, tuple(parsed), raw.get("show_if"))


def _question(source, where, raw, problems) -> Question | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str) or not KEY_PATTERN.match(raw["key"]):
        problems.append(f"{source}: {where}: needs a key made of lower-case letters, digits and _")
        return None
    key = raw["key"]
    start = len(problems)
    for name in sorted(set(raw) - QUESTION_FIELDS):
        problems.append(f"{source}: {key}: {name}: unknown field")
    kind = raw.get("type")
    if kind not in TYPES:
        problems.append(f"{source}: {key}: type: unknown type {kind!r}; known: {', '.join(sorted(TYPES))}")
        return None
    label = _text(f"{source}: {key}: label", raw.get("label"), problems)
    help_text = _text(f"{source}: {key}: help", raw.get("help"), problems, required=False)
    placeholder = _text(f"{source}: {key}: placeholder", raw.get("placeholder"), problems, required=False)
    required = raw.get("required", False)
    if not isinstance(required, bool):
        problems.append(f"{source}: {key}: required: must be true or false")
    choices = []
    if kind in CHOICE_TYPES:
        raw_choices = raw.get("choices")
        if not isinstance(raw_choices, list) or not raw_choices:
            problems.append(f"{source}: {key}: choices: a {kind} question needs a list of choices")
            raw_choices = []
        seen = set()
        for item in raw_choices:
            value = item.get("value") if isinstance(item, dict) else None
            if not isinstance(value, str) or not KEY_PATTERN.match(value) or value in (OTHER, DONT_KNOW):
                problems.append(
                    f"{source}: {key}: choices: value {value!r} must be a lower-case name "
                    "(other and dont_know are reserved)"
                )
                continue
            if value in seen:
                problems.append(f"{source}: {key}: choices: value {value!r} used twice")
            seen.add(value)
            choice_label = _text(f"{source}: {key}: choices: {value}: label", item.get("label"), problems)
            if choice_label:
                choices.append(Choice(value, choice_label))
    elif "choices" in raw:
        problems.append(
            f"{source}: {key}: choices: only single_choice and multiple_choice questions have choices"
        )
    for flag in ("other", "dont_know"):
        if flag in raw and (kind not in CHOICE_TYPES or not isinstance(raw[flag], bool)):
            problems.append(f"{source}: {key}: {flag}: true or false, on choice questions only")
    limits = {}
    for name in ("min", "max"):
        if name in raw:
            if kind != "number" or not isinstance(raw[name], int | float) or isinstance(raw[name], bool):
                problems.append(f"{source}: {key}: {name}: a number, on number questions only")
            else:
                limits[name] = raw[name]
    max_length = raw.get("max_length")
    if max_length is not None and (
        kind not in TEXT_LIMITS or not isinstance(max_length, int) or not 1 <= max_length <= TEXT_LIMITS[kind]
    ):
        problems.append(
            f"{source}: {key}: max_length: on text questions only, at most {TEXT_LIMITS.get(kind)}"
        )
    if len(problems) > start:
        return None
    return Question(
        key=key,
        type=kind,
        label=label,
        help=help_text,
        required=required,
        choices=tuple(choices),
        other=raw.get("other", False),
        dont_know=raw.get("dont_know", False),
        show_if=raw.get("show_if"),
        min=limits.get("min"),
        max=limits.get("max"),
        max_length=max_length,
        placeholder=placeholder,
    )


def _check_condition(where, condition, questions, problems) -> None:
    if not isinstance(condition, dict) or len(condition) == 0:
        problems.append(f"{where}: must be a mapping such as {{question: key, equals: value}}")
        return
    if "all" in condition or "any" in condition:
        name = "all" if "all" in condition else "any"
        items = condition[name]
        if len(condition) != 1 or not isinstance(items, list) or not items:
            problems.append(f"{where}: {name}: must be the only key, with a non-empty list of conditions")
            return
        for item in items:
            _check_condition(where, item, questions, problems)
        return
    if "not" in condition:
        if len(condition) != 1:
            problems.append(f"{where}: not: must be the only key")
            return
        _check_condition(where, condition["not"], questions, problems)
        return
    target = condition.get("question")
    operators = set(condition) - {"question"}
    if len(operators) != 1 or not operators <= CONDITION_OPERATORS:
        problems.append(f"{where}: needs question and one of {', '.join(sorted(CONDITION_OPERATORS))}")
        return
    if target not in questions:
        problems.append(f"{where}: unknown question {target!r}")
        return
    operator = operators.pop()
    question = questions[target]
    operand = condition[operator]
    if operator == "answered":
        if not isinstance(operand, bool):
            problems.append(f"{where}: answered: must be true or false")
        return
    values = [operand] if operator != "one_of" else operand
    if operator == "one_of" and (not isinstance(operand, list) or not operand):
        problems.append(f"{where}: one_of: must be a non-empty list")
        return
    if operator == "contains" and question.type != "multiple_choice":
        problems.append(
            f"{where}: contains: only applies to multiple_choice questions ({target} is {question.type})"
        )
        return
    if question.values:
        for value in values:
            if str(value) not in question.values:
                problems.append(f"{where}: {target} has no choice {value!r}")


def condition_references(condition) -> set[str]:
    if not isinstance(condition, dict):
        return set()
    if "all" in condition or "any" in condition:
        items = condition.get("all") or condition.get("any") or []
        return set().union(*(condition_references(item) for item in items)) if items else set()
    if "not" in condition:
        return condition_references(condition["not"])
    return {condition["question"]} if isinstance(condition.get("question"), str) else set()


def _condition_cycle(sections) -> list[str] | None:
    """A question whose visibility depends, through conditions, on itself."""
    graph: dict[str, set[str]] = {}
    for section in sections:
        section_refs = condition_references(section.show_if)
        for question in section.questions:
            graph[question.key] = condition_references(question.show_if) | section_refs
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt in graph and nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = 2
        path.pop()
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


# ---------------------------------------------------------------- conditions and visibility


def is_answered(value) -> bool:
    return value not in (None, "", [], {})


def evaluate(condition, answers: dict) -> bool:
    """Evaluate a show_if condition against answers (already restricted to visible questions)."""
    if "all" in condition:
        return all(evaluate(item, answers) for item in condition["all"])
    if "any" in condition:
        return any(evaluate(item, answers) for item in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], answers)
    value = answers.get(condition["question"])
    if "answered" in condition:
        return is_answered(value) == condition["answered"]
    if "equals" in condition:
        return value is not None and str(value) == str(condition["equals"])
    if "one_of" in condition:
        return value is not None and str(value) in {str(v) for v in condition["one_of"]}
    if "contains" in condition:
        return isinstance(value, list) and condition["contains"] in value
    raise ValueError(f"unknown condition {condition!r}")


def visible_questions(definition: Definition, answers: dict) -> set[str]:
    """Keys of the questions shown for these answers. A hidden question's answer counts as absent."""
    visible: dict[str, bool] = {}

    def shown(key: str) -> bool:
        if key not in visible:
            section = definition.section_of(key)
            question = definition.questions[key]
            visible[key] = False  # the definition has no loops; this guards a hand-made one
            ok = all(
                cond is None or evaluate(cond, effective_answers(cond))
                for cond in (section.show_if, question.show_if)
            )
            visible[key] = ok
        return visible[key]

    def effective_answers(condition) -> dict:
        return {ref: answers.get(ref) for ref in condition_references(condition) if shown(ref)}

    return {key for key in definition.questions if shown(key)}


def visible_sections(definition: Definition, answers: dict) -> list[Section]:
    """Sections with at least one visible question, in order."""
    shown = visible_questions(definition, answers)
    return [s for s in definition.sections if any(q.key in shown for q in s.questions)]


def missing_required(definition: Definition, answers: dict) -> list[str]:
    """Keys of visible required questions without an answer, in definition order."""
    shown = visible_questions(definition, answers)
    return [
        key
        for key, question in definition.questions.items()
        if key in shown and question.required and not is_answered(answers.get(key))
    ]


def submitted_answers(definition: Definition, answers: dict) -> dict:
    """What a submission keeps: answers to visible questions only (hidden ones stay in the draft)."""
    shown = visible_questions(definition, answers)
    return {key: value for key, value in answers.items() if key in shown and is_answered(value)}


# ---------------------------------------------------------------- answers


@dataclass(frozen=True)
class AnswerError:
    code: str  # translated by the caller: see questionnaires/messages.py
    params: dict = field(default_factory=dict)


def clean_answer(question: Question, raw, *, other_text: str = "") -> tuple[object, AnswerError | None]:
    """Turn submitted form data into a stored value, or return an error. Empty means "no answer".

    raw is a string, or a list of strings for multiple choice. The stored value is JSON-friendly:
    a string, a list of strings, an int or float, or None.
    """
    if question.type == "multiple_choice":
        items = [str(item) for item in (raw if isinstance(raw, list) else [raw]) if str(item).strip()]
        if not items:
            return None, None
        unknown = [item for item in items if item not in question.values]
        if unknown:
            return None, AnswerError("invalid_choice")
        if DONT_KNOW in items and len(items) > 1:
            return None, AnswerError("dont_know_alone")
        if OTHER in items and not other_text.strip():
            return None, AnswerError("other_text_required")
        return [v for v in question.values if v in items], None
    if isinstance(raw, list):
        raw = raw[-1] if raw else ""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None, None
    kind = question.type
    if kind in ("single_choice", "yes_no"):
        if text not in question.values:
            return None, AnswerError("invalid_choice")
        if text == OTHER and not other_text.strip():
            return None, AnswerError("other_text_required")
        return text, None
    if kind == "level":
        if text not in question.values:
            return None, AnswerError("invalid_level")
        return int(text), None
    if kind in TEXT_LIMITS:
        limit = question.max_length or TEXT_LIMITS[kind]
        if len(text) > limit:
            return None, AnswerError("too_long", {"limit": limit})
        if kind == "short_text" and ("\n" in text or "\r" in text):
            return None, AnswerError("one_line")
        return text, None
    if kind == "number":
        return _clean_number(question, text)
    if kind == "version":
        match = VERSION_PATTERN.match(text)
        if not match or (int(match[1]) == 0 and int(match[2]) == 0):
            return None, AnswerError("invalid_version")
        return ".".join(str(int(part)) for part in match.groups() if part is not None), None
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, AnswerError("invalid_date")
    raise ValueError(f"{kind} answers are not cleaned here")  # file uploads go through their own path


def _clean_number(question, text):
    normalised = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        number = float(normalised)
    except ValueError:
        return None, AnswerError("invalid_number")
    if number != number or number in (float("inf"), float("-inf")) or abs(number) > 1e12:
        return None, AnswerError("invalid_number")
    if question.min is not None and number < question.min:
        return None, AnswerError("too_small", {"limit": question.min})
    if question.max is not None and number > question.max:
        return None, AnswerError("too_large", {"limit": question.max})
    return (int(number) if number.is_integer() else number), None


def version_tuple(text: str) -> tuple[int, ...]:
    """'1.29.4' -> (1, 29, 4), for comparisons in rules."""
    match = VERSION_PATTERN.match(str(text))
    if not match:
        raise ValueError(f"not a version: {text!r}")
    return tuple(int(part) for part in match.groups() if part is not None)
