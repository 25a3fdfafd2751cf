"""Reading and validating content/: pure logic, no database."""

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questionnaires.topic_areas import TOPIC_AREAS
from tests.conftest import NOTE_BODIES, make_content, write_module, write_note
from training.catalogue import NOTE_SECTIONS, ContentError, find_cycle, read_catalogue, section_headings

PROJECT_CONTENT = Path(__file__).resolve().parents[2] / "content"


def problems_of(root):
    with pytest.raises(ContentError) as caught:
        read_catalogue(root)
    return caught.value.problems


def test_a_valid_catalogue_loads(tmp_path):
    catalogue = read_catalogue(make_content(tmp_path, {"a": [], "b": ["a"], "c": ["a", "b"]}))
    assert set(catalogue.modules) == {"a", "b", "c"}
    assert catalogue.modules["c"].prerequisites == ("a", "b")
    assert set(catalogue.notes) == {(s, lang) for s in "abc" for lang in ("fr", "en")}


def test_unknown_prerequisite_names_the_file(tmp_path):
    make_content(tmp_path, {"a": ["ghost"]})
    assert problems_of(tmp_path) == ["modules/a.yaml: prerequisites: unknown module 'ghost'"]


def test_cycle_is_reported(tmp_path):
    make_content(tmp_path, {"a": ["c"], "b": ["a"], "c": ["b"]})
    [problem] = problems_of(tmp_path)
    assert problem.startswith("modules/a.yaml: prerequisites: cycle a -> c -> b -> a")


def test_missing_translation_of_a_title(tmp_path):
    make_content(tmp_path, {"a": []})
    write_module(tmp_path, "a", title={"fr": "Seulement en français"})
    assert problems_of(tmp_path) == [
        "modules/a.yaml: title: needs exactly a French (fr) and an English (en) text"
    ]


def test_missing_note_in_one_language(tmp_path):
    make_content(tmp_path, {"a": []})
    (tmp_path / "notes" / "en" / "a.md").unlink()
    assert problems_of(tmp_path) == ["modules/a.yaml: note: missing notes/en/a.md"]


def test_duplicate_slug_across_files(tmp_path):
    make_content(tmp_path, {"a": [], "b": []})
    write_module(tmp_path, "a", file_name="b")
    problems = problems_of(tmp_path)
    assert "modules/b.yaml: slug: 'a' differs from the file name 'b'" in problems
    assert "modules/b.yaml: slug: 'a' is already used by modules/a.yaml" in problems


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"level": 7}, "level: must be a whole number from 1 to 4"),
        ({"hours": "five"}, "hours: must be a whole number of hours"),
        ({"topic_area": "cooking"}, "topic_area: unknown area 'cooking'"),
        ({"curriculum": ["KCSA"]}, "curriculum: only KCNA, CKAD, CKA, CKS are known"),
        ({"links": [{"url": "http://example.org", "label": {"fr": "x", "en": "y"}}]}, "must be an https://"),
        (
            {"version_notes": [{"kubernetes": "v1.25", "change": "removed", "fr": "x", "en": "y"}]},
            "is not a release",
        ),
        ({"colour": "blue"}, "colour: unknown field"),
    ],
)
def test_malformed_module_fields(tmp_path, fields, expected):
    make_content(tmp_path, {"a": []})
    write_module(tmp_path, "a", **fields)
    problems = problems_of(tmp_path)
    assert any(expected in problem and problem.startswith("modules/a.yaml") for problem in problems), problems


def test_link_label_written_as_flow_mapping_with_commas_is_caught(tmp_path):
    """{fr: a, b, en: c} silently makes a key "b": the loader refuses it."""
    make_content(tmp_path, {"a": []})
    path = tmp_path / "modules" / "a.yaml"
    text = path.read_text()
    dumped_label = "  label:\n    fr: Doc\n    en: Docs\n"
    assert dumped_label in text
    path.write_text(text.replace(dumped_label, "  label: {fr: Sondes, readiness, en: Probes}\n"))
    problems = problems_of(tmp_path)
    assert any("links[1].label: needs exactly a French" in p for p in problems), problems


def test_note_sections_are_checked_in_the_notes_language(tmp_path):
    make_content(tmp_path, {"a": []})
    write_note(tmp_path, "a", "fr", body=NOTE_BODIES["en"])
    [problem] = problems_of(tmp_path)
    assert problem.startswith("notes/fr/a.md: sections: expected ## headings")


def test_link_to_unknown_note(tmp_path):
    make_content(tmp_path, {"a": []})
    write_note(tmp_path, "a", "en", body=NOTE_BODIES["en"] + "\nSee [b](/notes/b/).\n")
    assert problems_of(tmp_path) == ["notes/en/a.md: links: /notes/b/ is not a module of the catalogue"]


def test_headings_inside_code_blocks_are_not_sections():
    body = "## Key ideas\n```bash\n## not a heading\n```\n## Self-check\n"
    assert section_headings(body) == ["Key ideas", "Self-check"]


def test_front_matter_must_parse(tmp_path):
    make_content(tmp_path, {"a": []})
    (tmp_path / "notes" / "fr" / "a.md").write_text("---\nmodule: [a\n---\n" + NOTE_BODIES["fr"])
    assert problems_of(tmp_path) == ["notes/fr/a.md: front matter is not valid YAML (ParserError)"]


@given(st.integers(min_value=2, max_value=12), st.data())
def test_find_cycle_on_random_graphs(size, data):
    """An edge from a lower to a higher index never closes a loop; one edge back always does."""
    nodes = [f"m{i}" for i in range(size)]
    graph = {
        node: tuple(
            data.draw(st.lists(st.sampled_from(nodes[index + 1 :]), unique=True)) if index + 1 < size else []
        )
        for index, node in enumerate(nodes)
    }
    assert find_cycle(graph) is None
    start = data.draw(st.integers(min_value=0, max_value=size - 2))
    end = data.draw(st.integers(min_value=start + 1, max_value=size - 1))
    # Chain start -> ... -> end, then end -> start closes the loop.
    for i in range(start, end):
        graph[nodes[i]] = (*graph[nodes[i]], nodes[i + 1])
    graph[nodes[end]] = (*graph[nodes[end]], nodes[start])
    cycle = find_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1]
    for a, b in itertools.pairwise(cycle):
        assert b in graph[a]


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(PROJECT_CONTENT)


class TestTheShippedCatalogue:
    """The firm's real content/ is complete and consistent."""

    def test_every_module_has_both_notes(self, catalogue):
        assert len(catalogue.modules) >= 48
        for slug in catalogue.modules:
            assert (slug, "fr") in catalogue.notes and (slug, "en") in catalogue.notes

    def test_every_topic_area_has_a_module(self, catalogue):
        assert {m.topic_area for m in catalogue.modules.values()} == set(TOPIC_AREAS)

    def test_hypervisor_modules_form_one_alternative_group(self, catalogue):
        group = {s for s, m in catalogue.modules.items() if m.alternative_group == "hypervisor"}
        assert group == {
            "hypervisor-vmware-vsphere",
            "hypervisor-hyper-v",
            "hypervisor-kvm-libvirt",
            "hypervisor-proxmox-ve",
        }

    def test_no_deprecated_api_versions_in_examples(self, catalogue):
        removed = ["batch/v1beta1", "extensions/v1beta1", "autoscaling/v2beta2", "policy/v1beta1"]
        offenders = [
            (note.source, api)
            for note in catalogue.notes.values()
            for block in note.body.split("```")[1::2]
            for api in removed
            if f"apiVersion: {api}" in block
        ]
        assert offenders == []

    def test_self_checks_have_answers(self, catalogue):
        marker = {"fr": "*Réponse :*", "en": "*Answer:*"}
        for note in catalogue.notes.values():
            self_check = note.body.split(f"## {NOTE_SECTIONS[note.language][-1]}")[1]
            assert self_check.count(marker[note.language]) >= 3, note.source
