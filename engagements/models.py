from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from questionnaires.models import Invitation


class EngagementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A trainer sees the engagements in their charge; an admin sees all."""
        if user.is_superuser:
            return self
        return self.filter(trainer=user)


class Engagement(models.Model):
    """A client, a trainee and a trainer: the reason two secret links exist."""

    organisation = models.CharField(_("client organisation"), max_length=200)
    contact_name = models.CharField(_("client contact"), max_length=200)
    contact_email = models.EmailField(_("client contact's e-mail"))
    trainee_name = models.CharField(_("trainee"), max_length=200)
    trainee_email = models.EmailField(_("trainee's e-mail"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("trainer"),
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="fr")
    start_date = models.DateField(_("planned start date"))
    hours_per_week = models.PositiveSmallIntegerField(
        _("training hours per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    due_date = models.DateField(_("due date"))
    notes = models.TextField(_("notes"), blank=True)
    client_invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="client_engagement"
    )
    trainee_invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainee_engagement"
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=1, hours_per_week__lte=40),
                name="hours_per_week_1_to_40",
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("start_date")), name="due_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.trainee_name}"


class Delivery(models.Model):
    """One e-mail the portal tried to send for an engagement, and how it went."""

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        REMINDER = "reminder", _("reminder")
        RECEIVED = "received", _("answers received")

    class Status(models.TextChoices):
        PENDING = "pending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=10, choices=Invitation.Kind.choices)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    recipient = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.purpose} to {self.recipient}: {self.status}"


class AuditEvent(models.Model):
    """Who did what and when. Holds no token and no answer text; survives the engagement's deletion."""

    class Kind(models.TextChoices):
        CREATED = "created", _("engagement created")
        CHANGED = "changed", _("engagement changed")
        ARCHIVED = "archived", _("engagement archived")
        RESTORED = "restored", _("engagement restored")
        DELETED = "deleted", _("engagement deleted")
        LINK_SENT = "link_sent", _("link sent")
        LINK_SEND_FAILED = "link_send_failed", _("link could not be sent")
        LINK_REISSUED = "link_reissued", _("link re-issued")
        LINK_REVOKED = "link_revoked", _("link revoked")
        LINK_EXTENDED = "link_extended", _("link extended")
        REMINDER_SENT = "reminder_sent", _("reminder sent")
        OPENED = "opened", _("link opened")
        SUBMITTED = "submitted", _("answers submitted")
        REOPENED = "reopened", _("answers reopened")
        UPLOAD_DOWNLOADED = "upload_downloaded", _("document downloaded")
        EXPORTED = "exported", _("export made")
        PLAN_GENERATED = "plan_generated", _("plan generated")
        PDF_DOWNLOADED = "pdf_downloaded", _("PDF downloaded")

    engagement_id = models.PositiveBigIntegerField(null=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=200, blank=True)  # e.g. "client" or "trainee", never a secret
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.engagement_id}"
