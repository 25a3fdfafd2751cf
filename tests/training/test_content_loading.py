"""load_content: idempotent, all-or-nothing, and never silently overwrites a note edited in the portal."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import NOTE_BODIES, make_content, write_module, write_note
from training.models import Module, Note, NoteRevision
from training.services import note_save

pytestmark = pytest.mark.django_db


def load(root, *args):
    out = StringIO()
    call_command("load_content", "--content-dir", str(root), *args, stdout=out)
    return out.getvalue()


def test_first_load_creates_modules_notes_and_prerequisites(tmp_path):
    make_content(tmp_path, {"base": [], "next": ["base"]})
    output = load(tmp_path)
    assert "modules: 2 created, 0 updated, 0 unchanged, 0 retired" in output
    assert "notes: 4 created, 0 updated, 0 unchanged" in output
    assert list(Module.objects.get(slug="next").prerequisites.values_list("slug", flat=True)) == ["base"]
    note = Note.objects.get(module__slug="next", language="fr")
    assert note.revision == 1 and note.revisions.count() == 1
    assert '<h2 id="l-essentiel">' in note.body_html


def test_second_load_changes_nothing(tmp_path):
    make_content(tmp_path, {"base": [], "next": ["base"]})
    load(tmp_path)
    output = load(tmp_path)
    assert "modules: 0 created, 0 updated, 2 unchanged, 0 retired" in output
    assert "notes: 0 created, 0 updated, 4 unchanged" in output
    assert NoteRevision.objects.count() == 4


def test_changed_file_updates_the_note_with_a_new_revision(tmp_path):
    make_content(tmp_path, {"base": []})
    load(tmp_path)
    write_note(tmp_path, "base", "en", summary="A better summary.")
    output = load(tmp_path)
    assert "notes: 0 created, 1 updated, 1 unchanged" in output
    note = Note.objects.get(module__slug="base", language="en")
    assert (note.summary, note.revision) == ("A better summary.", 2)


def test_invalid_content_loads_nothing_and_names_the_file(tmp_path):
    make_content(tmp_path, {"base": [], "next": ["base"]})
    write_module(tmp_path, "next", prerequisites=["missing"])
    with pytest.raises(CommandError) as caught:
        load(tmp_path)
    assert "modules/next.yaml: prerequisites: unknown module 'missing'" in str(caught.value)
    assert Module.objects.count() == 0 and Note.objects.count() == 0


def test_portal_edit_is_kept_when_the_file_changes_and_reported(tmp_path, alice):
    make_content(tmp_path, {"base": []})
    load(tmp_path)
    note = Note.objects.get(module__slug="base", language="fr")
    note_save(
        note,
        author=alice,
        summary="Résumé revu en formation.",
        objectives=["Savoir."],
        body=NOTE_BODIES["fr"],
        comment="retour des stagiaires",
        expected_revision=1,
    )
    write_note(tmp_path, "base", "fr", summary="Résumé du fichier.")

    output = load(tmp_path)
    assert "kept the portal edit of notes/fr/base.md" in output
    assert "--force-files" in output
    note.refresh_from_db()
    assert (note.summary, note.revision, note.edited_in_portal) == ("Résumé revu en formation.", 2, True)

    output = load(tmp_path, "--force-files")
    assert "notes: 0 created, 1 updated, 1 unchanged" in output
    note.refresh_from_db()
    assert (note.summary, note.revision, note.edited_in_portal) == ("Résumé du fichier.", 3, False)
    # The portal edit stays in the history.
    assert note.revisions.get(number=2).summary == "Résumé revu en formation."


def test_module_removed_from_content_is_retired_not_deleted(tmp_path):
    make_content(tmp_path, {"base": [], "extra": []})
    load(tmp_path)
    for path in tmp_path.rglob("extra.*"):
        path.unlink()
    output = load(tmp_path)
    assert "1 retired" in output
    assert Module.objects.get(slug="extra").is_active is False


def test_the_shipped_content_loads_twice(settings):
    first = load(settings.BASE_DIR / "content")
    assert " 0 created" not in first.splitlines()[0]
    second = load(settings.BASE_DIR / "content")
    assert "modules: 0 created, 0 updated" in second
    assert "notes: 0 created, 0 updated" in second
    assert Note.objects.count() == 2 * Module.objects.count() >= 96


def test_missing_content_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="content folder not found"):
        load(tmp_path / "nowhere")
