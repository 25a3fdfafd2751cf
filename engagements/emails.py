"""The e-mails of the staff side: invitation, reminder, and "answers received" for the trainer.

Each is rendered in the engagement's language from templates/emails/<name>-subject.txt,
-body.txt and -body.html, with absolute links from SITE_URL, and leaves after the database commit.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from engagements.models import AuditEvent, Delivery
from questionnaires.models import Invitation

logger = logging.getLogger(__name__)


def _message(name, language, context, *, to, reply_to=None):
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"emails/{name}-body.txt", context),
            to=[to],
            reply_to=[reply_to] if reply_to else None,
        )
        message.attach_alternative(render_to_string(f"emails/{name}-body.html", context), "text/html")
    return message


def link_message(name, engagement, invitation, url):
    """The e-mail that carries a secret link: "invitation" or "reminder"."""
    return _message(
        name,
        engagement.language,
        {"engagement": engagement, "invitation": invitation, "url": url},
        to=invitation.respondent_email,
        reply_to=invitation.requester_email,
    )


def received_message(engagement, invitation):
    trainer = engagement.trainer
    return _message(
        "answers_received",
        getattr(trainer, "language", None) or engagement.language,
        {
            "engagement": engagement,
            "invitation": invitation,
            "url": f"{settings.SITE_URL}/engagements/{engagement.pk}/",
        },
        to=trainer.email,
    )


def deliver_after_commit(delivery: Delivery, build) -> None:
    """Send once the transaction has committed; record success or failure on the delivery."""

    def send():
        try:
            build().send()
        except (smtplib.SMTPException, OSError) as error:
            # The engagement stands; the trainer sees the failure and can send again.
            logger.warning("e-mail %s to delivery %s failed: %s", delivery.purpose, delivery.pk, error)
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, error=str(error)[:300]
            )
            AuditEvent.objects.create(
                engagement_id=delivery.engagement_id,
                kind=AuditEvent.Kind.LINK_SEND_FAILED,
                detail=delivery.kind,
            )
            return
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT)
        if delivery.purpose == Delivery.Purpose.INVITATION:
            field = f"{delivery.kind}_engagement"
            Invitation.objects.filter(**{field: delivery.engagement_id}).update(sent_at=timezone.now())

    transaction.on_commit(send)
