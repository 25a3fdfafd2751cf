from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from training.catalogue import NOTE_SECTIONS, check_note_body
from training.note_rendering import render_note

MAX_BODY = 200_000


class NoteForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), max_length=600, widget=forms.Textarea(attrs={"rows": 2}))
    objectives = forms.CharField(
        label=_("Learning objectives"),
        help_text=_("One objective per line."),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=MAX_BODY,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "true"}),
    )
    comment = forms.CharField(
        label=_("Reason for the change"),
        help_text=_("Kept in the note's history."),
        max_length=300,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, language, known_slugs, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.known_slugs = known_slugs
        headings = " · ".join(f"## {h}" for h in NOTE_SECTIONS[language])
        self.fields["body"].help_text = _(
            "Keep these four sections, in this order: %(headings)s. Link to another note with "
            "[text](/notes/slug/). Raw HTML is removed."
        ) % {"headings": headings}

    def clean_objectives(self):
        lines = [line.strip() for line in self.cleaned_data["objectives"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Give at least one learning objective."))
        return lines

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if check_note_body(body, self.language):
            raise forms.ValidationError(
                _("The text must have exactly these sections, in this order: %(headings)s."),
                params={"headings": ", ".join(f"## {h}" for h in NOTE_SECTIONS[self.language])},
            )
        unknown = sorted(render_note(body, lambda slug: None).internal_links - set(self.known_slugs))
        if unknown:
            raise forms.ValidationError(
                _("These links lead to no note: %(links)s."),
                params={"links": ", ".join(f"/notes/{slug}/" for slug in unknown)},
            )
        return body.strip() + "\n"


class NoteSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), *[(n, format_lazy("{} {}", _("Level"), n)) for n in range(1, 5)]],
    )
    curriculum = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", _("All")), ("KCNA", "KCNA"), ("CKAD", "CKAD"), ("CKA", "CKA"), ("CKS", "CKS")],
    )
