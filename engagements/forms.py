from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = [
            "organisation",
            "contact_name",
            "contact_email",
            "trainee_name",
            "trainee_email",
            "trainer",
            "language",
            "start_date",
            "hours_per_week",
            "due_date",
            "notes",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "hours_per_week": forms.NumberInput(attrs={"min": 1, "max": 40}),
        }
        help_texts = {
            "language": _("The language of the links, the e-mails and the plan."),
            "hours_per_week": _("Between 1 and 40."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].max_length = 5000
        trainers = (
            get_user_model().objects.filter(is_staff=True, is_active=True).order_by("first_name", "username")
        )
        if user.is_superuser:
            self.fields["trainer"].queryset = trainers
            self.fields["trainer"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
            self.fields["trainer"].initial = self.initial.get("trainer", user.pk)
        else:
            # A trainer's engagements are their own: the field is not theirs to change.
            del self.fields["trainer"]

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date must be on or after the start date."))
        return cleaned


class SearchForm(forms.Form):
    STATES = [
        ("", _("All states")),
        ("not_sent", _("Not sent")),
        ("invited", _("Invited")),
        ("opened", _("Opened")),
        ("in_progress", _("In progress")),
        ("submitted", _("Submitted")),
        ("archived", _("Archived")),
    ]
    SORTS = [
        ("-created", _("Newest first")),
        ("due", _("Due date")),
        ("organisation", _("Client")),
        ("-activity", _("Latest activity")),
    ]
    q = forms.CharField(label=_("Search client or trainee"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    trainer = forms.TypedChoiceField(label=_("Trainer"), coerce=int, empty_value=None, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_superuser:
            trainers = get_user_model().objects.filter(is_staff=True).order_by("first_name", "username")
            self.fields["trainer"].choices = [("", _("All trainers"))] + [
                (u.pk, u.get_full_name() or u.get_username()) for u in trainers
            ]
        else:
            del self.fields["trainer"]
