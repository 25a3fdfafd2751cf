"""Read and validate the module catalogue and its study notes from content/.

Pure Python (files and YAML, no Django): `read_catalogue` returns the whole catalogue or raises
ContentError listing every problem, each naming its file, so nothing half-valid is ever loaded.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from questionnaires.topic_areas import TOPIC_AREAS

LANGUAGES = ("fr", "en")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KUBERNETES_RELEASE = re.compile(r"^1\.\d{1,2}$")
CURRICULA = ("KCNA", "CKAD", "CKA", "CKS")
VERSION_CHANGES = ("removed", "deprecated", "added", "changed")
NOTE_SECTIONS = {
    "fr": ("L'essentiel", "Exemple commenté", "Exercice pratique", "Auto-évaluation"),
    "en": ("Key ideas", "Worked example", "Hands-on exercise", "Self-check"),
}
MODULE_FIELDS = {
    "slug",
    "title",
    "level",
    "hours",
    "topic_area",
    "prerequisites",
    "soft_prerequisites",
    "alternative_group",
    "curriculum",
    "links",
    "version_notes",
}
# A link to another note, as written in Markdown: ](/notes/<slug>/...)
NOTE_LINK = re.compile(r"\]\(/notes/([^/)#\s]+)/?[^)\s]*\)")


class ContentError(Exception):
    """Every problem found in content/, one line each: "file: key: what is wrong"."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Link:
    url: str
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class VersionNote:
    kubernetes: str
    change: str
    text_fr: str
    text_en: str


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    title_fr: str
    title_en: str
    level: int
    hours: int
    topic_area: str
    prerequisites: tuple[str, ...]
    soft_prerequisites: tuple[str, ...]
    alternative_group: str | None
    curriculum: tuple[str, ...]
    links: tuple[Link, ...]
    version_notes: tuple[VersionNote, ...]
    source: str
    digest: str


@dataclass(frozen=True)
class NoteSpec:
    module: str
    language: str
    summary: str
    objectives: tuple[str, ...]
    body: str
    source: str
    digest: str


@dataclass
class Catalogue:
    modules: dict[str, ModuleSpec] = field(default_factory=dict)
    notes: dict[tuple[str, str], NoteSpec] = field(default_factory=dict)
    files: set = field(default_factory=set, repr=False)  # module slugs and (slug, language) read

    @property
    def digest(self) -> str:
        """One fingerprint of every file, to tell which catalogue a plan was built from."""
        parts = sorted(m.digest for m in self.modules.values()) + sorted(
            n.digest for n in self.notes.values()
        )
        return hashlib.sha256("".join(parts).encode()).hexdigest()[:16]


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_catalogue(content_dir: Path) -> Catalogue:
    problems: list[str] = []
    catalogue = Catalogue()
    module_dir = content_dir / "modules"
    module_files = sorted(module_dir.glob("*.yaml")) if module_dir.is_dir() else []
    # Files that exist but are invalid already have their own problem: no second one about them.
    catalogue.files = {path.stem for path in module_files}
    for path in module_files:
        source = str(path.relative_to(content_dir))
        module = parse_module(source, path.read_text(encoding="utf-8"), problems)
        if module is None:
            continue
        if module.slug != path.stem:
            problems.append(f"{source}: slug: {module.slug!r} differs from the file name {path.stem!r}")
        if module.slug in catalogue.modules:
            problems.append(
                f"{source}: slug: {module.slug!r} is already used by {catalogue.modules[module.slug].source}"
            )
            continue
        catalogue.modules[module.slug] = module

    for language in LANGUAGES:
        note_dir = content_dir / "notes" / language
        for path in sorted(note_dir.glob("*.md")) if note_dir.is_dir() else []:
            source = str(path.relative_to(content_dir))
            catalogue.files.add((path.stem, language))
            note = parse_note(source, language, path.read_text(encoding="utf-8"), problems)
            if note is None:
                continue
            if note.module != path.stem:
                problems.append(f"{source}: module: {note.module!r} differs from the file name {path.stem!r}")
            elif note.module not in catalogue.files:
                problems.append(f"{source}: module: no module file for {note.module!r}")
            elif note.module not in catalogue.modules:
                continue
            else:
                catalogue.notes[(note.module, language)] = note

    problems.extend(cross_check(catalogue))
    if problems:
        raise ContentError(problems)
    return catalogue


def cross_check(catalogue: Catalogue) -> list[str]:
    """Problems that need the whole catalogue: unknown references, cycles, missing notes."""
    problems = []
    modules = catalogue.modules
    for module in modules.values():
        for key in ("prerequisites", "soft_prerequisites"):
            for slug in getattr(module, key):
                if slug == module.slug:
                    problems.append(f"{module.source}: {key}: a module cannot require itself")
                elif slug not in modules:
                    problems.append(f"{module.source}: {key}: unknown module {slug!r}")
        for language in LANGUAGES:
            if (module.slug, language) not in catalogue.files:
                problems.append(f"{module.source}: note: missing notes/{language}/{module.slug}.md")
    cycle = find_cycle({slug: m.prerequisites for slug, m in modules.items()})
    if cycle:
        first = modules[cycle[0]].source
        problems.append(f"{first}: prerequisites: cycle {' -> '.join(cycle)}")
    for note in catalogue.notes.values():
        for slug in sorted(set(NOTE_LINK.findall(note.body))):
            if slug not in modules:
                problems.append(f"{note.source}: links: /notes/{slug}/ is not a module of the catalogue")
    return problems


def find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    """A list of nodes that loops back to its first one, or None. Unknown nodes are ignored."""
    visiting, done = set(), set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        visiting.add(node)
        path.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph or nxt in done:
                continue
            if nxt in visiting:
                return [*path[path.index(nxt) :], nxt]
            found = visit(nxt)
            if found:
                return found
        visiting.discard(node)
        done.add(node)
        path.pop()
        return None

    for start in sorted(graph):
        if start not in done:
            found = visit(start)
            if found:
                return found
    return None


def _bilingual(source, key, value, problems) -> tuple[str, str] | None:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        problems.append(f"{source}: {key}: needs exactly a French (fr) and an English (en) text")
        return None
    texts = (value["fr"], value["en"])
    if not all(isinstance(text, str) and text.strip() for text in texts):
        problems.append(f"{source}: {key}: the French and English texts must not be empty")
        return None
    return texts[0].strip(), texts[1].strip()


def _slug_list(source, key, value, problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{source}: {key}: must be a list of module slugs")
        return ()
    if len(set(value)) != len(value):
        problems.append(f"{source}: {key}: lists a module twice")
    return tuple(value)


def parse_module(source: str, text: str, problems: list[str]) -> ModuleSpec | None:
    start = len(problems)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        problems.append(f"{source}: not valid YAML ({error.__class__.__name__}: {error})")
        return None
    if not isinstance(data, dict):
        problems.append(f"{source}: must be a mapping of fields")
        return None
    for key in sorted(set(data) - MODULE_FIELDS):
        problems.append(f"{source}: {key}: unknown field")
    for key in sorted({"slug", "title", "level", "hours", "topic_area"} - set(data)):
        problems.append(f"{source}: {key}: missing")
    if len(problems) > start:
        return None

    slug = data["slug"]
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        problems.append(f"{source}: slug: {slug!r} must be lower-case letters, digits and dashes")
    title = _bilingual(source, "title", data["title"], problems)
    level, hours = data["level"], data["hours"]
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 4:
        problems.append(f"{source}: level: must be a whole number from 1 to 4, got {level!r}")
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= 200:
        problems.append(f"{source}: hours: must be a whole number of hours from 1 to 200, got {hours!r}")
    if data["topic_area"] not in TOPIC_AREAS:
        problems.append(f"{source}: topic_area: unknown area {data['topic_area']!r}")
    group = data.get("alternative_group")
    if group is not None and not (isinstance(group, str) and SLUG_PATTERN.match(group)):
        problems.append(f"{source}: alternative_group: must be a short lower-case name or null")
    curriculum = data.get("curriculum") or []
    if not isinstance(curriculum, list) or any(tag not in CURRICULA for tag in curriculum):
        problems.append(f"{source}: curriculum: only {', '.join(CURRICULA)} are known, got {curriculum!r}")
    links = _links(source, data.get("links") or [], problems)
    notes = _version_notes(source, data.get("version_notes") or [], problems)
    prerequisites = _slug_list(source, "prerequisites", data.get("prerequisites"), problems)
    soft = _slug_list(source, "soft_prerequisites", data.get("soft_prerequisites"), problems)
    if set(prerequisites) & set(soft):
        problems.append(f"{source}: soft_prerequisites: repeats a hard prerequisite")
    if len(problems) > start:
        return None
    return ModuleSpec(
        slug=slug,
        title_fr=title[0],
        title_en=title[1],
        level=level,
        hours=hours,
        topic_area=data["topic_area"],
        prerequisites=prerequisites,
        soft_prerequisites=soft,
        alternative_group=group,
        curriculum=tuple(curriculum),
        links=links,
        version_notes=notes,
        source=source,
        digest=digest_of(text),
    )


def _links(source, value, problems) -> tuple[Link, ...]:
    if not isinstance(value, list):
        problems.append(f"{source}: links: must be a list")
        return ()
    links = []
    for number, item in enumerate(value, 1):
        key = f"links[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            problems.append(f"{source}: {key}: needs a url and a label")
            continue
        if not item["url"].startswith("https://"):
            problems.append(f"{source}: {key}: {item['url']!r} must be an https:// address")
            continue
        label = _bilingual(source, f"{key}.label", item.get("label"), problems)
        if label:
            links.append(Link(item["url"], *label))
    return tuple(links)


def _version_notes(source, value, problems) -> tuple[VersionNote, ...]:
    if not isinstance(value, list):
        problems.append(f"{source}: version_notes: must be a list")
        return ()
    notes = []
    for number, item in enumerate(value, 1):
        key = f"version_notes[{number}]"
        if not isinstance(item, dict):
            problems.append(f"{source}: {key}: must be a mapping")
            continue
        release = str(item.get("kubernetes", ""))
        if not KUBERNETES_RELEASE.match(release):
            problems.append(f'{source}: {key}.kubernetes: {release!r} is not a release such as "1.25"')
            continue
        if item.get("change") not in VERSION_CHANGES:
            problems.append(f"{source}: {key}.change: must be one of {', '.join(VERSION_CHANGES)}")
            continue
        text = _bilingual(source, key, {lang: item.get(lang) for lang in LANGUAGES}, problems)
        if text:
            notes.append(VersionNote(release, item["change"], *text))
    return tuple(notes)


def split_front_matter(text: str) -> tuple[dict | None, str]:
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 4)
    if end == -1:
        return None, text
    data = yaml.safe_load(text[4:end])
    return data, text[end + 5 :]


def parse_note(source: str, language: str, text: str, problems: list[str]) -> NoteSpec | None:
    start = len(problems)
    try:
        front, body = split_front_matter(text)
    except yaml.YAMLError as error:
        problems.append(f"{source}: front matter is not valid YAML ({error.__class__.__name__})")
        return None
    if not isinstance(front, dict):
        problems.append(f"{source}: must start with a front matter block between two --- lines")
        return None
    summary, objectives = front.get("summary"), front.get("objectives")
    if not isinstance(front.get("module"), str):
        problems.append(f"{source}: module: missing")
    if not isinstance(summary, str) or not summary.strip():
        problems.append(f"{source}: summary: missing")
    if not isinstance(objectives, list) or not objectives or not all(isinstance(o, str) for o in objectives):
        problems.append(f"{source}: objectives: must be a non-empty list of sentences")
    problems.extend(f"{source}: {problem}" for problem in check_note_body(body, language))
    if len(problems) > start:
        return None
    return NoteSpec(
        module=front["module"],
        language=language,
        summary=summary.strip(),
        objectives=tuple(o.strip() for o in objectives),
        body=body.strip() + "\n",
        source=source,
        digest=digest_of(text),
    )


def section_headings(body: str) -> list[str]:
    """The second-level headings of a Markdown body, ignoring lines inside fenced code."""
    headings, fence = [], None
    for line in body.splitlines():
        stripped = line.lstrip()
        marker = stripped[:3]
        if marker in ("```", "~~~"):
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            continue
        if fence is None and line.startswith("## "):
            headings.append(line[3:].strip())
    return headings


def check_note_body(body: str, language: str) -> list[str]:
    """The body must have the four sections of a note, in order, in the note's language."""
    expected = NOTE_SECTIONS[language]
    found = [h.replace("’", "'") for h in section_headings(body)]
    if found != list(expected):
        return [f"sections: expected ## headings {list(expected)}, found {found}"]
    return []
