"""Use-cases of the training app: loading the catalogue, editing notes, finding notes."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from training.catalogue import Catalogue, ModuleSpec, NoteSpec, read_catalogue
from training.models import Module, Note, NoteRevision, RuleSet
from training.note_rendering import RenderedNote, render_note


def note_url(slug: str, language: str) -> str:
    with translation.override(language):
        return reverse("notes-page", kwargs={"slug": slug})


def render_for(body: str, language: str, known_slugs) -> RenderedNote:
    return render_note(body, lambda slug: note_url(slug, language) if slug in known_slugs else None)


@dataclass
class CatalogueLoad:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    notes_created: int = 0
    notes_updated: int = 0
    notes_unchanged: int = 0
    notes_kept: list[str] | None = None  # edited in the portal, file changed: not overwritten

    def summary(self) -> list[str]:
        lines = [
            f"modules: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.retired} retired",
            f"notes: {self.notes_created} created, {self.notes_updated} updated, "
            f"{self.notes_unchanged} unchanged",
        ]
        for source in self.notes_kept or []:
            lines.append(
                f"kept the portal edit of {source}: its file changed too; "
                "rerun with --force-files to replace the edit with the file"
            )
        return lines


def catalogue_load(content_dir: Path, *, force_files: bool = False) -> CatalogueLoad:
    """Load modules and notes from content/. Raises ContentError (and writes nothing) if invalid."""
    return catalogue_store(read_catalogue(content_dir), force_files=force_files)


def catalogue_store(catalogue: Catalogue, *, force_files: bool = False) -> CatalogueLoad:
    report = CatalogueLoad(notes_kept=[])
    with transaction.atomic():
        modules = _load_modules(catalogue, report)
        _load_notes(catalogue, modules, report, force_files=force_files)
    return report


def _module_fields(spec: ModuleSpec) -> dict:
    return {
        "title_fr": spec.title_fr,
        "title_en": spec.title_en,
        "level": spec.level,
        "hours": spec.hours,
        "topic_area": spec.topic_area,
        "alternative_group": spec.alternative_group or "",
        "curriculum": list(spec.curriculum),
        "links": [{"url": x.url, "label_fr": x.label_fr, "label_en": x.label_en} for x in spec.links],
        "version_notes": [
            {"kubernetes": v.kubernetes, "change": v.change, "text_fr": v.text_fr, "text_en": v.text_en}
            for v in spec.version_notes
        ],
        "source_digest": spec.digest,
        "is_active": True,
    }


def _load_modules(catalogue: Catalogue, report: CatalogueLoad) -> dict[str, Module]:
    modules = {m.slug: m for m in Module.objects.all()}
    changed = []
    for slug, spec in catalogue.modules.items():
        module = modules.get(slug)
        if module is None:
            modules[slug] = Module.objects.create(slug=slug, **_module_fields(spec))
            report.created += 1
            changed.append(slug)
        elif module.source_digest != spec.digest or not module.is_active:
            for name, value in _module_fields(spec).items():
                setattr(module, name, value)
            module.save()
            report.updated += 1
            changed.append(slug)
        else:
            report.unchanged += 1
    for slug in changed:
        spec = catalogue.modules[slug]
        modules[slug].prerequisites.set([modules[s] for s in spec.prerequisites])
        modules[slug].soft_prerequisites.set([modules[s] for s in spec.soft_prerequisites])
    retired = [m.pk for slug, m in modules.items() if slug not in catalogue.modules and m.is_active]
    report.retired = Module.objects.filter(pk__in=retired).update(is_active=False)
    return modules


def _apply_note_spec(note: Note, spec: NoteSpec, known_slugs) -> None:
    rendered = render_for(spec.body, spec.language, known_slugs)
    note.summary = spec.summary
    note.objectives = list(spec.objectives)
    note.body = spec.body
    note.body_html = rendered.html
    note.toc = [list(entry) for entry in rendered.toc]
    note.search_text = rendered.text
    note.source_digest = spec.digest


def _load_notes(catalogue, modules, report, *, force_files):
    known = set(catalogue.modules)
    notes = {(n.module.slug, n.language): n for n in Note.objects.select_related("module")}
    for key, spec in catalogue.notes.items():
        note = notes.get(key)
        if note is None:
            note = Note(module=modules[spec.module], language=spec.language)
            _apply_note_spec(note, spec, known)
            note.save()
            _record_revision(note, NoteRevision.Source.FILE, comment=spec.source)
            report.notes_created += 1
        elif note.source_digest == spec.digest:
            report.notes_unchanged += 1
        elif note.edited_in_portal and not force_files:
            report.notes_kept.append(spec.source)
        else:
            _apply_note_spec(note, spec, known)
            note.revision += 1
            note.edited_in_portal = False
            note.save()
            _record_revision(note, NoteRevision.Source.FILE, comment=spec.source)
            report.notes_updated += 1


def _record_revision(note: Note, source: str, *, comment: str = "", author=None) -> NoteRevision:
    return NoteRevision.objects.create(
        note=note,
        number=note.revision,
        source=source,
        summary=note.summary,
        objectives=note.objectives,
        body=note.body,
        comment=comment,
        author=author,
    )


class EditConflict(Exception):
    """Someone saved the note after the editor opened it."""

    def __init__(self, current: Note):
        self.current = current
        super().__init__(f"note {current} is at revision {current.revision}")


def note_save(note: Note, *, author, summary, objectives, body, comment, expected_revision) -> Note:
    """Save a staff edit as a new revision, unless the note changed since the editor loaded it."""
    with transaction.atomic():
        current = Note.objects.select_for_update().select_related("module").get(pk=note.pk)
        if current.revision != expected_revision:
            raise EditConflict(current)
        known = set(Module.objects.active().values_list("slug", flat=True))
        rendered = render_for(body, current.language, known)
        current.summary = summary
        current.objectives = objectives
        current.body = body
        current.body_html = rendered.html
        current.toc = [list(entry) for entry in rendered.toc]
        current.search_text = rendered.text
        current.revision += 1
        current.edited_in_portal = True
        current.save()
        _record_revision(current, NoteRevision.Source.PORTAL, comment=comment, author=author)
    return current


def notes_find(language: str, *, query: str = "", level: int | None = None, curriculum: str = ""):
    """Active notes in a language, filtered; ranked by relevance when there is a query."""
    notes = Note.objects.filter(language=language, module__is_active=True).select_related("module")
    if level:
        notes = notes.filter(module__level=level)
    if curriculum:
        # JSON "contains" is not portable to SQLite; the list is short, so match its serialised form.
        notes = notes.filter(module__curriculum__icontains=f'"{curriculum}"')
    query = query.strip()
    if not query:
        return notes.order_by("module__level", f"module__title_{language}")
    if connection.vendor == "postgresql":
        return _postgres_search(notes, language, query)
    title = f"module__title_{language}"
    for term in query.split():
        notes = notes.filter(
            Q(**{f"{title}__icontains": term}) | Q(summary__icontains=term) | Q(search_text__icontains=term)
        )
    return notes.order_by("module__level", title)


def _postgres_search(notes, language, query):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = "french" if language == "fr" else "english"
    vector = (
        SearchVector(f"module__title_{language}", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("search_text", weight="C", config=config)
    )
    search = SearchQuery(query, config=config, search_type="websearch")
    return (
        notes.annotate(rank=SearchRank(vector, search))
        .filter(rank__gt=0)
        .order_by("-rank", "module__level", f"module__title_{language}")
    )


def rules_store(text: str) -> str:
    """Keep the validated rules; loading the same file again changes nothing."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _rule_set, created = RuleSet.objects.get_or_create(digest=digest, defaults={"source": text})
    return f"rules: {'loaded' if created else 'unchanged'} ({digest[:8]})"
