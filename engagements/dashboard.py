"""What the dashboard and the engagement page show: states, progress, filtered and sorted lists."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement
from questionnaires.models import Response
from questionnaires.services import response_progress

LABELS = {
    "not_sent": _("not sent"),
    "invited": _("invited"),
    "opened": _("opened"),
    "in_progress": _("in progress"),
    "submitted": _("submitted"),
}
CLIENT = "client_invitation__"
UNTOUCHED = Q(**{f"{CLIENT}response__revision": 0, f"{CLIENT}response__status": Response.Status.DRAFT})
# The same states as link_state() below, as database filters, mutually exclusive.
STATE_FILTERS = {
    "not_sent": UNTOUCHED & Q(**{f"{CLIENT}sent_at__isnull": True, f"{CLIENT}first_opened_at__isnull": True}),
    "invited": UNTOUCHED & Q(**{f"{CLIENT}sent_at__isnull": False, f"{CLIENT}first_opened_at__isnull": True}),
    "opened": UNTOUCHED & Q(**{f"{CLIENT}first_opened_at__isnull": False}),
    "in_progress": Q(
        **{f"{CLIENT}response__revision__gt": 0, f"{CLIENT}response__status": Response.Status.DRAFT}
    ),
    "submitted": Q(**{f"{CLIENT}response__status": Response.Status.SUBMITTED}),
}
SORTS = {
    "-created": ["-created_at", "-pk"],
    "due": ["due_date", "pk"],
    "organisation": ["organisation", "pk"],
    "-activity": [f"-{CLIENT}last_activity_at", "-pk"],
}


@dataclass(frozen=True)
class LinkState:
    key: str
    percent: int | None

    @property
    def label(self):
        return LABELS[self.key]


def link_state(invitation) -> LinkState:
    response = invitation.response
    if response.is_submitted:
        return LinkState("submitted", 100)
    if response.revision > 0:
        answered, total = response_progress(response)
        return LinkState("in_progress", round(100 * answered / total) if total else 0)
    if invitation.first_opened_at:
        return LinkState("opened", 0)
    if invitation.sent_at:
        return LinkState("invited", None)
    return LinkState("not_sent", None)


def engagements_for(user, *, q="", state="", trainer=None, sort="-created"):
    """The engagements this user may see, filtered and sorted, with what the rows need joined."""
    # "plan" is the training app's: the dashboard only reads when it was generated and downloaded.
    engagements = Engagement.objects.visible_to(user).select_related(
        "trainer", "client_invitation__response", "trainee_invitation__response", "plan"
    )
    if state == "archived":
        engagements = engagements.filter(archived=True)
    else:
        engagements = engagements.filter(archived=False)
        if state in STATE_FILTERS:
            engagements = engagements.filter(STATE_FILTERS[state])
    if trainer and user.is_superuser:
        engagements = engagements.filter(trainer_id=trainer)
    for word in q.split()[:5]:
        engagements = engagements.filter(
            Q(organisation__icontains=word)
            | Q(trainee_name__icontains=word)
            | Q(contact_name__icontains=word)
            | Q(trainee_email__icontains=word)
            | Q(contact_email__icontains=word)
        )
    return engagements.order_by(*SORTS.get(sort or "-created", SORTS["-created"]))
