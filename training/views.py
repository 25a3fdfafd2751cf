from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from engagements.access import staff_required
from questionnaires.topic_areas import TOPIC_AREAS, topic_area_label
from training import services
from training.forms import NoteForm, NoteSearchForm
from training.models import Module, Note


def notes_readable(view):
    """Notes are public unless NOTES_REQUIRE_LOGIN is set."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.NOTES_REQUIRE_LOGIN and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _language():
    return "en" if get_language() == "en" else "fr"


@notes_readable
def notes_index(request):
    language = _language()
    form = NoteSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    notes = list(
        services.notes_find(
            language,
            query=filters.get("q") or "",
            level=filters.get("level"),
            curriculum=filters.get("curriculum") or "",
        )
    )
    query = filters.get("q") or ""
    # A text search lists results by relevance; otherwise the catalogue is grouped by topic area.
    groups = []
    if not query:
        for key in TOPIC_AREAS:
            members = [note for note in notes if note.module.topic_area == key]
            if members:
                groups.append({"key": key, "label": topic_area_label(key, language), "notes": members})
    context = {
        "form": form,
        "groups": groups,
        "results": notes if query else None,
        "count": len(notes),
        "filtered": any(filters.get(key) for key in ("q", "level", "curriculum")),
        "language": language,
    }
    return render(request, "notes/index.html", context)


def _note_or_404(slug, language):
    return get_object_or_404(
        Note.objects.select_related("module"), module__slug=slug, module__is_active=True, language=language
    )


@notes_readable
def note_page(request, slug):
    language = _language()
    note = _note_or_404(slug, language)
    module = note.module
    context = {
        "note": note,
        "module": module,
        "language": language,
        "topic_area": topic_area_label(module.topic_area, language),
        "prerequisites": list(module.prerequisites.filter(is_active=True)),
        "soft_prerequisites": list(module.soft_prerequisites.filter(is_active=True)),
        "next_modules": list(module.required_by.filter(is_active=True)),
        "links": [{"url": link["url"], "label": link[f"label_{language}"]} for link in module.links],
        "version_notes": [
            {"kubernetes": v["kubernetes"], "change": v["change"], "text": v[f"text_{language}"]}
            for v in module.version_notes
        ],
    }
    return render(request, "notes/page.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def note_edit(request, slug):
    language = _language()
    note = _note_or_404(slug, language)
    known = set(Module.objects.active().values_list("slug", flat=True))
    initial = {
        "summary": note.summary,
        "objectives": "\n".join(note.objectives),
        "body": note.body,
        "revision": note.revision,
    }
    form = NoteForm(request.POST or None, initial=initial, language=language, known_slugs=known)
    preview = conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = services.render_for(data["body"], language, known)
        else:
            try:
                services.note_save(
                    note,
                    author=request.user,
                    summary=data["summary"],
                    objectives=data["objectives"],
                    body=data["body"],
                    comment=data["comment"],
                    expected_revision=data["revision"],
                )
            except services.EditConflict as error:
                conflict = error.current
                # Keep the editor's text; the next save, made knowingly, replaces the newer version.
                form.data = form.data.copy()
                form.data["revision"] = conflict.revision
            else:
                messages.success(request, _("Note saved. The previous version is kept in its history."))
                return redirect("notes-page", slug=slug)
    return render(
        request,
        "notes/edit.html",
        {"form": form, "note": note, "module": note.module, "preview": preview, "conflict": conflict},
    )


@staff_required
def note_history(request, slug):
    note = _note_or_404(slug, _language())
    revisions = note.revisions.select_related("author")
    return render(
        request, "notes/history.html", {"note": note, "module": note.module, "revisions": revisions}
    )
