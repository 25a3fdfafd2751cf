"""Use-cases of the staff side: engagements, their two secret links, e-mails, history."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from engagements import emails
from engagements.models import AuditEvent, Delivery, Engagement
from questionnaires import services as questionnaires
from questionnaires.models import Invitation, Response

logger = logging.getLogger(__name__)
KINDS = (Invitation.Kind.CLIENT, Invitation.Kind.TRAINEE)


@dataclass(frozen=True)
class Links:
    client: str
    trainee: str


def audit(kind: str, *, engagement=None, actor=None, detail: str = "") -> None:
    AuditEvent.objects.create(
        engagement_id=getattr(engagement, "pk", engagement),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        detail=detail[:200],
    )


def invitation_of(engagement: Engagement, kind: str) -> Invitation:
    return engagement.client_invitation if kind == Invitation.Kind.CLIENT else engagement.trainee_invitation


def _invitation_fields(engagement: Engagement) -> dict:
    trainer = engagement.trainer
    return {
        "language": engagement.language,
        "requester_name": trainer.get_full_name() or trainer.get_username(),
        "requester_email": trainer.email or settings.DEFAULT_FROM_EMAIL,
        "organisation": engagement.organisation,
    }


@transaction.atomic
def engagement_create(*, trainer, actor=None, **fields) -> tuple[Engagement, Links]:
    """Create an engagement and its two invitations; return the links (shown once, never stored)."""
    engagement = Engagement(trainer=trainer, **fields)
    engagement.full_clean()
    engagement.save()
    client, client_token = questionnaires.invitation_create(
        kind=Invitation.Kind.CLIENT,
        questionnaire_key=questionnaires.CLIENT_QUESTIONNAIRE,
        respondent_name=engagement.contact_name,
        respondent_email=engagement.contact_email,
        **_invitation_fields(engagement),
    )
    trainee, trainee_token = questionnaires.invitation_create(
        kind=Invitation.Kind.TRAINEE,
        questionnaire_key=questionnaires.SELF_ASSESSMENT,
        respondent_name=engagement.trainee_name,
        respondent_email=engagement.trainee_email,
        **_invitation_fields(engagement),
    )
    engagement.client_invitation = client
    engagement.trainee_invitation = trainee
    engagement.save(update_fields=["client_invitation", "trainee_invitation"])
    audit(AuditEvent.Kind.CREATED, engagement=engagement, actor=actor or trainer)
    return engagement, Links(
        client=questionnaires.invitation_url(client, client_token),
        trainee=questionnaires.invitation_url(trainee, trainee_token),
    )


@transaction.atomic
def engagement_update(engagement: Engagement, *, actor, **fields) -> Engagement:
    for name, value in fields.items():
        setattr(engagement, name, value)
    engagement.full_clean()
    engagement.save()
    # The welcome pages show who asks, for whom and in which language.
    for kind in KINDS:
        invitation = invitation_of(engagement, kind)
        for name, value in _invitation_fields(engagement).items():
            setattr(invitation, name, value)
        invitation.respondent_name = engagement.contact_name if kind == "client" else engagement.trainee_name
        invitation.respondent_email = (
            engagement.contact_email if kind == "client" else engagement.trainee_email
        )
        invitation.save()
    audit(AuditEvent.Kind.CHANGED, engagement=engagement, actor=actor)
    return engagement


def engagement_archive(engagement: Engagement, *, actor, archived: bool = True) -> None:
    Engagement.objects.filter(pk=engagement.pk).update(archived=archived)
    engagement.archived = archived
    audit(
        AuditEvent.Kind.ARCHIVED if archived else AuditEvent.Kind.RESTORED, engagement=engagement, actor=actor
    )


@transaction.atomic
def engagement_delete(engagement: Engagement, *, actor) -> None:
    """Erase the engagement with its links, responses and uploaded files; the history keeps the fact."""
    responses = [
        invitation_of(engagement, kind).response for kind in KINDS if invitation_of(engagement, kind)
    ]
    files = [upload.file.name for response in responses for upload in response.uploads.all()]
    pk = engagement.pk
    invitations = [invitation_of(engagement, kind) for kind in KINDS]
    engagement.delete()
    for invitation in invitations:
        if invitation is not None:
            invitation.response.delete()  # cascades to the invitation, changes and uploads
    storage = Response._meta.get_field("uploads").related_model._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    audit(AuditEvent.Kind.DELETED, engagement=pk, actor=actor)


# ---------------------------------------------------------------- links


@transaction.atomic
def link_reissue(engagement: Engagement, kind: str, *, actor) -> str:
    """A new link for one questionnaire; the previous one stops working at once."""
    token = questionnaires.invitation_reissue(invitation_of(engagement, kind))
    audit(AuditEvent.Kind.LINK_REISSUED, engagement=engagement, actor=actor, detail=kind)
    return questionnaires.invitation_url(invitation_of(engagement, kind), token)


@transaction.atomic
def link_send(engagement: Engagement, kind: str, *, actor) -> Delivery:
    """E-mail a new link to the respondent. The e-mail leaves after the commit."""
    invitation = invitation_of(engagement, kind)
    # Earlier links keep working; the link's validity restarts from this sending.
    url = questionnaires.invitation_url(invitation, questionnaires.invitation_add_token(invitation))
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    delivery = Delivery.objects.create(
        engagement=engagement,
        kind=kind,
        purpose=Delivery.Purpose.INVITATION,
        recipient=invitation.respondent_email,
    )
    audit(AuditEvent.Kind.LINK_SENT, engagement=engagement, actor=actor, detail=kind)
    emails.deliver_after_commit(
        delivery, lambda: emails.link_message("invitation", engagement, invitation, url)
    )
    return delivery


def link_revoke(engagement: Engagement, kind: str, *, actor) -> None:
    Invitation.objects.filter(pk=invitation_of(engagement, kind).pk).update(revoked_at=timezone.now())
    audit(AuditEvent.Kind.LINK_REVOKED, engagement=engagement, actor=actor, detail=kind)


def link_extend(engagement: Engagement, kind: str, *, actor, days: int | None = None) -> None:
    invitation = invitation_of(engagement, kind)
    start = max(invitation.expires_at, timezone.now())
    invitation.expires_at = start + timedelta(days=days or settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    audit(AuditEvent.Kind.LINK_EXTENDED, engagement=engagement, actor=actor, detail=kind)


def response_reopen(engagement: Engagement, kind: str, *, actor) -> None:
    questionnaires.response_reopen(invitation_of(engagement, kind).response)
    audit(AuditEvent.Kind.REOPENED, engagement=engagement, actor=actor, detail=kind)


def _engagement_of(invitation: Invitation) -> Engagement | None:
    return (
        Engagement.objects.select_related("trainer")
        .filter(**{f"{invitation.kind}_invitation": invitation})
        .first()
    )


def on_link_opened(invitation: Invitation) -> None:
    """The questionnaire engine's hook for a link's first opening."""
    engagement = _engagement_of(invitation)
    if engagement is not None:
        audit(AuditEvent.Kind.OPENED, engagement=engagement, detail=invitation.kind)


def on_response_submitted(invitation: Invitation) -> None:
    """The questionnaire engine's hook: record it and tell the trainer."""
    engagement = _engagement_of(invitation)
    if engagement is None:
        return
    audit(AuditEvent.Kind.SUBMITTED, engagement=engagement, detail=invitation.kind)
    if engagement.trainer.email:
        delivery = Delivery.objects.create(
            engagement=engagement,
            kind=invitation.kind,
            purpose=Delivery.Purpose.RECEIVED,
            recipient=engagement.trainer.email,
        )
        emails.deliver_after_commit(delivery, lambda: emails.received_message(engagement, invitation))


# ---------------------------------------------------------------- reminders


def reminders_due(now=None):
    """Invitations sent long enough ago, not submitted, not expired or revoked, under the limit."""
    now = now or timezone.now()
    every = timedelta(days=settings.REMINDER_EVERY_DAYS)
    candidates = (
        Invitation.objects.usable(now)
        .filter(sent_at__isnull=False, reminders_sent__lt=settings.REMINDER_MAX, sent_at__lte=now - every)
        .exclude(response__status=Response.Status.SUBMITTED)
        .select_related("response")
    )
    return [i for i in candidates if (i.last_reminder_at or i.sent_at) <= now - every]


def reminder_send(invitation: Invitation, *, now=None) -> bool:
    """Send one reminder with a fresh link; safe against a second run racing on the same invitation."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk,
            reminders_sent=invitation.reminders_sent,
            last_reminder_at=invitation.last_reminder_at,
        ).update(reminders_sent=invitation.reminders_sent + 1, last_reminder_at=now)
        if not claimed:
            return False
        engagement = Engagement.objects.filter(**{f"{invitation.kind}_invitation": invitation}).first()
        if engagement is None or engagement.archived:
            return False
        invitation.refresh_from_db()
        token = questionnaires.invitation_add_token(invitation)
        url = questionnaires.invitation_url(invitation, token)
        delivery = Delivery.objects.create(
            engagement=engagement,
            kind=invitation.kind,
            purpose=Delivery.Purpose.REMINDER,
            recipient=invitation.respondent_email,
        )
        audit(AuditEvent.Kind.REMINDER_SENT, engagement=engagement, detail=invitation.kind)
        emails.deliver_after_commit(
            delivery, lambda: emails.link_message("reminder", engagement, invitation, url)
        )
    return True
