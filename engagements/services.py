"""Use-cases of the staff side: engagements and their two secret links."""

from dataclasses import dataclass

from django.db import transaction

from engagements.models import Engagement
from questionnaires import services as questionnaires
from questionnaires.models import Invitation


@dataclass(frozen=True)
class Links:
    client: str
    trainee: str


def _invitation_fields(engagement: Engagement) -> dict:
    trainer = engagement.trainer
    return {
        "language": engagement.language,
        "requester_name": trainer.get_full_name() or trainer.get_username(),
        "requester_email": trainer.email,
        "organisation": engagement.organisation,
    }


@transaction.atomic
def engagement_create(*, trainer, **fields) -> tuple[Engagement, Links]:
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
    return engagement, Links(
        client=questionnaires.invitation_url(client, client_token),
        trainee=questionnaires.invitation_url(trainee, trainee_token),
    )


@transaction.atomic
def engagement_reissue_links(engagement: Engagement) -> Links:
    """New tokens for both links: the old ones stop working at once; answers stay."""
    client_token = questionnaires.invitation_reissue(engagement.client_invitation)
    trainee_token = questionnaires.invitation_reissue(engagement.trainee_invitation)
    return Links(
        client=questionnaires.invitation_url(engagement.client_invitation, client_token),
        trainee=questionnaires.invitation_url(engagement.trainee_invitation, trainee_token),
    )
