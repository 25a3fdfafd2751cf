"""Questionnaire definitions, conditions, visibility and answer validation: pure logic, no database."""

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questionnaires.definition import (
    DefinitionError,
    clean_answer,
    evaluate,
    missing_required,
    parse_definition,
    submitted_answers,
    version_tuple,
    visible_questions,
    visible_sections,
)

BASE = textwrap.dedent(
    """
    key: sample
    title: {fr: Exemple, en: Sample}
    intro: {fr: Pourquoi, en: Why}
    estimated_minutes: 5
    sections:
      - key: cluster
        title: {fr: Cluster, en: Cluster}
        questions:
          - key: k8s_cluster
            type: single_choice
            required: true
            label: {fr: "Un cluster ?", en: "A cluster?"}
            dont_know: true
            choices:
              - {value: "yes", label: {fr: Oui, en: "Yes"}}
              - {value: planned, label: {fr: Prévu, en: Planned}}
              - {value: "no", label: {fr: Non, en: "No"}}
          - key: k8s_version
            type: version
            required: true
            label: {fr: Version, en: Version}
            show_if: {question: k8s_cluster, one_of: ["yes", planned]}
          - key: local_tools
            type: multiple_choice
            label: {fr: Outils, en: Tools}
            other: true
            choices:
              - {value: minikube, label: {fr: minikube, en: minikube}}
              - {value: kind, label: {fr: kind, en: kind}}
          - key: minikube_version
            type: version
            label: {fr: Version de minikube, en: minikube version}
            show_if:
              all:
                - {question: local_tools, contains: minikube}
                - {question: k8s_version, answered: true}
      - key: goals
        title: {fr: Objectifs, en: Goals}
        show_if: {not: {question: k8s_cluster, equals: "no"}}
        questions:
          - key: hours
            type: number
            min: 1
            max: 40
            label: {fr: Heures, en: Hours}
          - key: comments
            type: long_text
            max_length: 50
            label: {fr: Commentaires, en: Comments}
    """
)


def definition(text=BASE):
    return parse_definition("sample.yaml", text)


def problems(text):
    with pytest.raises(DefinitionError) as caught:
        definition(text)
    return caught.value.problems


def test_a_valid_definition_parses():
    parsed = definition()
    assert [s.key for s in parsed.sections] == ["cluster", "goals"]
    assert list(parsed.questions) == [
        "k8s_cluster",
        "k8s_version",
        "local_tools",
        "minikube_version",
        "hours",
        "comments",
    ]
    assert parsed.questions["k8s_cluster"].values == ("yes", "planned", "no", "dont_know")
    assert parsed.questions["local_tools"].values == ("minikube", "kind", "other")
    assert parsed.digest == definition().digest


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("key: hours", "key: k8s_version"), "sample.yaml: k8s_version: question key used twice"),
        (("question: k8s_cluster, one_of", "question: ghost, one_of"), "unknown question 'ghost'"),
        (('one_of: ["yes", planned]', "one_of: [maybe]"), "k8s_cluster has no choice 'maybe'"),
        (("type: number", "type: slider"), "hours: type: unknown type 'slider'"),
        (
            ("{value: kind, label: {fr: kind, en: kind}}", "{value: kind, label: {fr: kind}}"),
            "choices: kind: label",
        ),
        (("local_tools, contains: minikube", "k8s_cluster, contains: minikube"), "contains: only applies"),
        (("max_length: 50", "max_length: 9000"), "comments: max_length"),
        (("estimated_minutes: 5", "estimated_minutes: lots"), "estimated_minutes"),
    ],
)
def test_definition_errors_name_the_file_and_the_key(change, expected):
    found = problems(BASE.replace(*change))
    assert any(expected in problem and problem.startswith("sample.yaml") for problem in found), found


def test_conditions_that_loop_are_refused():
    anchor = '        required: true\n        label: {fr: "Un cluster ?"'
    assert anchor in BASE
    text = BASE.replace(anchor, "        show_if: {question: k8s_version, answered: true}\n" + anchor)
    assert any("show_if conditions form a loop" in p for p in problems(text))


def test_invalid_yaml_is_reported():
    assert problems("key: [unclosed")[0].startswith("sample.yaml: not valid YAML")


def test_visibility_follows_conditions():
    parsed = definition()
    assert visible_questions(parsed, {}) == {"k8s_cluster", "local_tools", "hours", "comments"}
    answers = {"k8s_cluster": "yes", "k8s_version": "1.29", "local_tools": ["minikube"]}
    assert "minikube_version" in visible_questions(parsed, answers)
    assert [s.key for s in visible_sections(parsed, {"k8s_cluster": "no"})] == ["cluster"]


def test_a_hidden_questions_answer_counts_as_absent_downstream():
    parsed = definition()
    # k8s_version is answered but hidden (no cluster): minikube_version must not appear.
    answers = {"k8s_cluster": "no", "k8s_version": "1.29", "local_tools": ["minikube"]}
    assert "minikube_version" not in visible_questions(parsed, answers)


def test_required_only_when_visible():
    parsed = definition()
    assert missing_required(parsed, {}) == ["k8s_cluster"]
    assert missing_required(parsed, {"k8s_cluster": "yes"}) == ["k8s_version"]
    assert missing_required(parsed, {"k8s_cluster": "no"}) == []


def test_submission_drops_hidden_answers_but_the_draft_keeps_them():
    parsed = definition()
    draft = {"k8s_cluster": "no", "k8s_version": "1.29", "comments": "hello"}
    assert submitted_answers(parsed, draft) == {"k8s_cluster": "no"}
    assert draft["k8s_version"] == "1.29"


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        ({"question": "a", "equals": "x"}, {"a": "x"}, True),
        ({"question": "a", "equals": "x"}, {}, False),
        ({"question": "a", "one_of": ["x", "y"]}, {"a": "y"}, True),
        ({"question": "a", "contains": "x"}, {"a": ["x", "z"]}, True),
        ({"question": "a", "contains": "x"}, {"a": "x"}, False),
        ({"question": "a", "answered": True}, {"a": []}, False),
        ({"question": "a", "answered": False}, {}, True),
        ({"not": {"question": "a", "equals": "x"}}, {"a": "x"}, False),
        ({"any": [{"question": "a", "equals": "x"}, {"question": "b", "equals": "y"}]}, {"b": "y"}, True),
        ({"all": [{"question": "a", "equals": "x"}, {"question": "b", "equals": "y"}]}, {"b": "y"}, False),
        ({"question": "level", "equals": 3}, {"level": 3}, True),
    ],
)
def test_evaluate(condition, answers, expected):
    assert evaluate(condition, answers) is expected


class TestCleanAnswer:
    q = definition().questions

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [("1.29", "1.29"), ("v1.29.4", "1.29.4"), (" 1.035 ", "1.35"), ("1.29", "1.29")],
    )
    def test_versions(self, raw, expected):
        assert clean_answer(self.q["k8s_version"], raw) == (expected, None)

    @pytest.mark.parametrize("raw", ["1", "latest", "1.29.4.1", "0.0", "1.x", "1.29-rc1"])
    def test_bad_versions(self, raw):
        value, error = clean_answer(self.q["k8s_version"], raw)
        assert value is None and error.code == "invalid_version"

    def test_numbers_accept_french_decimal_comma_and_check_bounds(self):
        assert clean_answer(self.q["hours"], "7,5") == (7.5, None)
        assert clean_answer(self.q["hours"], "12") == (12, None)
        assert clean_answer(self.q["hours"], "0")[1].code == "too_small"
        assert clean_answer(self.q["hours"], "41")[1].code == "too_large"
        for raw in ("douze", "nan", "inf", "1e400"):
            assert clean_answer(self.q["hours"], raw)[1].code == "invalid_number"

    def test_choices(self):
        assert clean_answer(self.q["k8s_cluster"], "planned") == ("planned", None)
        assert clean_answer(self.q["k8s_cluster"], "dont_know") == ("dont_know", None)
        assert clean_answer(self.q["k8s_cluster"], "maybe")[1].code == "invalid_choice"
        assert clean_answer(self.q["local_tools"], ["kind", "minikube"]) == (["minikube", "kind"], None)
        assert clean_answer(self.q["local_tools"], ["kind", "docker"])[1].code == "invalid_choice"
        assert clean_answer(self.q["local_tools"], ["other"])[1].code == "other_text_required"
        assert clean_answer(self.q["local_tools"], ["other"], other_text="podman") == (["other"], None)

    def test_text_limits(self):
        assert clean_answer(self.q["comments"], "x" * 50) == ("x" * 50, None)
        error = clean_answer(self.q["comments"], "x" * 51)[1]
        assert (error.code, error.params) == ("too_long", {"limit": 50})

    def test_empty_is_no_answer(self):
        for question in self.q.values():
            if question.type != "file":
                assert clean_answer(question, "  ") == (None, None)


def test_version_tuple_orders_versions_numerically():
    assert version_tuple("1.9") < version_tuple("1.25") < version_tuple("1.25.3")


ANSWER_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["yes", "no", "planned", "dont_know", "1.29", ""]),
    st.lists(st.sampled_from(["minikube", "kind", "other"]), unique=True),
)


@given(st.dictionaries(st.sampled_from(list(definition().questions)), ANSWER_VALUES))
def test_visibility_never_raises_and_submission_keeps_only_visible_answers(answers):
    parsed = definition()
    shown = visible_questions(parsed, answers)
    kept = submitted_answers(parsed, answers)
    assert set(kept) <= shown
    assert all(kept[key] == answers[key] for key in kept)
    assert set(missing_required(parsed, answers)) <= shown
