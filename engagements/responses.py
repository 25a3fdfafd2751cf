"""Answers as the staff read them: by section, labels from the pinned version, in the reader's language."""

from questionnaires.definition import visible_questions
from questionnaires.presentation import display_value


def answers_by_section(response, language):
    definition = response.definition
    answers = response.answers
    visible = visible_questions(definition, answers)
    sections = []
    for section in definition.sections:
        rows = []
        for question in section.questions:
            shown = question.key in visible
            value = (
                display_value(
                    question,
                    answers.get(question.key),
                    response.other_texts.get(question.key, ""),
                    definition,
                    language,
                )
                if shown
                else ""
            )
            rows.append(
                {
                    "key": question.key,
                    "label": question.label.get(language),
                    "value": value,
                    "applicable": shown,
                    "upload": answers.get(question.key) if question.type == "file" and shown else None,
                }
            )
        sections.append({"key": section.key, "title": section.title.get(language), "rows": rows})
    return sections
