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
