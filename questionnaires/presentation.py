"""What the client pages show: plain structures built from a response and its definition."""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from questionnaires.definition import (
    DONT_KNOW,
    OTHER,
    YES_NO_VALUES,
    is_answered,
    visible_questions,
    visible_sections,
)
from questionnaires.messages import answer_error_text
from questionnaires.services import response_problems


@dataclass
class ChoiceView:
    value: str
    label: str
    checked: bool
    description: str = ""


@dataclass
class QuestionView:
    key: str
    type: str
    label: str
    help: str
    placeholder: str
    required: bool
    visible: bool
    value: object
    choices: list[ChoiceView] = field(default_factory=list)
    other_text: str = ""
    has_other: bool = False
    error: str = ""
    show_if_json: str = ""
    max_length: int | None = None
    file_name: str = ""

    @property
    def field_id(self):
        return f"q-{self.key}"

    @property
    def is_group(self):
        return self.type in ("single_choice", "multiple_choice", "yes_no", "level")

    @property
    def first_input_id(self):
        return f"{self.field_id}-0" if self.is_group else self.field_id


@dataclass
class SectionPage:
    key: str
    title: str
    intro: str
    number: int
    count: int
    questions: list[QuestionView]
    sections: list[dict]
    previous_key: str | None
    next_key: str | None
    answered: int
    total: int
    required_missing: int
    revision: int
    answers_json: str = "{}"

    @property
    def errors(self):
        return [q for q in self.questions if q.error and q.visible]


def _label_for(value, question, language, scale):
    if question.type == "yes_no":
        return {"yes": _("Yes"), "no": _("No"), DONT_KNOW: _("I don't know")}[value]
    if question.type == "level":
        return scale[int(value)][0].get(language) if scale else str(value)
    if value == OTHER:
        return _("Other")
    if value == DONT_KNOW:
        return _("I don't know")
    return next((c.label.get(language) for c in question.choices if c.value == value), value)


def _choices(question, language, scale, current):
    selected = current if isinstance(current, list) else ([] if current is None else [str(current)])
    values = YES_NO_VALUES if question.type == "yes_no" else question.values
    choices = []
    for value in values:
        description = scale[int(value)][1].get(language) if question.type == "level" and scale else ""
        choices.append(
            ChoiceView(value, _label_for(value, question, language, scale), value in selected, description)
        )
    return choices


def question_view(question, definition, response, language, *, visible, posted=None, error=""):
    if posted is not None and question.key in posted["answers"]:
        value = posted["answers"][question.key]
        other_text = posted["others"].get(question.key, "")
    else:
        value = response.answers.get(question.key)
        other_text = response.other_texts.get(question.key, "")
    scale = definition.level_scale
    view = QuestionView(
        key=question.key,
        type=question.type,
        label=question.label.get(language),
        help=question.help.get(language) if question.help else "",
        placeholder=question.placeholder.get(language) if question.placeholder else "",
        required=question.required,
        visible=visible,
        value=value,
        other_text=other_text or "",
        has_other=question.other,
        error=error,
        show_if_json=json.dumps(_effective_condition(definition, question))
        if question.show_if or definition.section_of(question.key).show_if
        else "",
        max_length=question.max_length,
    )
    if view.is_group:
        view.choices = _choices(question, language, scale, value)
    if question.type == "file" and isinstance(value, dict):
        view.file_name = value.get("name", "")
    return view


def _effective_condition(definition, question):
    conditions = [c for c in (definition.section_of(question.key).show_if, question.show_if) if c]
    return conditions[0] if len(conditions) == 1 else {"all": conditions}


def section_page(response, section_key, language, *, posted=None, errors=None) -> SectionPage:
    definition = response.definition
    errors = errors or {}
    answers = dict(response.answers)
    visible = visible_questions(definition, answers)
    shown_sections = visible_sections(definition, answers)
    keys = [s.key for s in shown_sections]
    section = definition.section(section_key)
    if section_key not in keys:
        keys_all = [s.key for s in definition.sections]
        position = keys_all.index(section_key)
        previous_key = next((k for k in reversed(keys_all[:position]) if k in keys), None)
        next_key = next((k for k in keys_all[position + 1 :] if k in keys), None)
        number = len([k for k in keys_all[:position] if k in keys]) + 1
    else:
        index = keys.index(section_key)
        previous_key = keys[index - 1] if index > 0 else None
        next_key = keys[index + 1] if index + 1 < len(keys) else None
        number = index + 1
    questions = []
    for question in section.questions:
        error = errors.get(question.key)
        text = error if isinstance(error, str) else (answer_error_text(error) if error else "")
        questions.append(
            question_view(
                question,
                definition,
                response,
                language,
                visible=question.key in visible,
                posted=posted,
                error=text,
            )
        )
    answered = sum(1 for k in visible if is_answered(answers.get(k)))
    required_missing = sum(
        1 for k in visible if definition.questions[k].required and not is_answered(answers.get(k))
    )
    return SectionPage(
        key=section.key,
        title=section.title.get(language),
        intro=section.intro.get(language) if section.intro else "",
        number=number,
        count=len(keys),
        questions=questions,
        sections=[
            {"key": s.key, "title": s.title.get(language), "current": s.key == section_key}
            for s in shown_sections
        ],
        previous_key=previous_key,
        next_key=next_key,
        answered=answered,
        total=len(visible),
        required_missing=required_missing,
        revision=response.revision,
        # Answers of other sections, for conditions that depend on them.
        answers_json=json.dumps(
            {k: v for k, v in answers.items() if k in visible and k not in {q.key for q in section.questions}}
        ),
    )


def display_value(question, value, other_text, definition, language) -> str:
    """An answer as a person reads it."""
    if not is_answered(value):
        return ""
    if question.type == "file":
        return value.get("name", "") if isinstance(value, dict) else ""
    if question.type in ("single_choice", "multiple_choice", "yes_no", "level"):
        values = value if isinstance(value, list) else [str(value)]
        labels = [
            _label_for(v, question, language, definition.level_scale) for v in values if v in question.values
        ]
        if OTHER in values and other_text:
            labels = [
                f"{label} ({other_text})" if v == OTHER else label
                for v, label in zip(values, labels, strict=False)
            ]
        return ", ".join(labels)
    return str(value)


def review_page(response, language) -> dict:
    definition = response.definition
    answers = response.answers
    visible = visible_questions(definition, answers)
    missing, errors = response_problems(response) if not response.is_submitted else ([], {})
    sections = []
    for section in visible_sections(definition, answers):
        rows = []
        for question in section.questions:
            if question.key not in visible:
                continue
            rows.append(
                {
                    "key": question.key,
                    "label": question.label.get(language),
                    "value": display_value(
                        question,
                        answers.get(question.key),
                        response.other_texts.get(question.key, ""),
                        definition,
                        language,
                    ),
                    "missing": question.key in missing,
                    "error": answer_error_text(errors[question.key]) if question.key in errors else "",
                }
            )
        sections.append({"key": section.key, "title": section.title.get(language), "rows": rows})
    return {
        "sections": sections,
        "missing": len(missing) + len(errors),
        "submitted": response.is_submitted,
        "submitted_at": response.submitted_at,
        "revision": response.revision,
    }


def changed_answers(response, keys, language) -> list[dict]:
    """The answers someone else changed, as labels and values, for a conflict message."""
    definition = response.definition
    rows = []
    for key in keys:
        question = definition.questions.get(key)
        if question is None:
            continue
        value = display_value(
            question, response.answers.get(key), response.other_texts.get(key, ""), definition, language
        )
        rows.append({"key": key, "label": question.label.get(language), "value": value or _("(no answer)")})
    return rows
