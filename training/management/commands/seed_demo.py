import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from engagements.models import Engagement
from engagements.services import Links, engagement_create, link_reissue
from questionnaires.services import response_save, response_submit
from training.demo import CLIENT_ANSWERS, TRAINEE_LEVELS
from training.plans import NoRules, plan_generate

DEMO_TRAINER = "trainer"
DEMO_ORGANISATION = "Démo Industries"
SUBMITTED_ORGANISATION = "Transports Azur (démo)"


class Command(BaseCommand):
    help = "Create the demo data (idempotent) and print how to sign in and both demo links."

    @transaction.atomic
    def handle(self, *args, **options):
        # Passwords and link tokens are stored hashed, so they cannot be shown again: each run sets
        # a fresh password and fresh demo links (the demo answers stay).
        password = secrets.token_urlsafe(12)
        trainer, _created = get_user_model().objects.get_or_create(
            username=DEMO_TRAINER,
            defaults={"first_name": "Camille", "last_name": "Martin", "email": "trainer@example.org"},
        )
        trainer.is_staff = True
        trainer.is_active = True
        trainer.set_password(password)
        trainer.save()

        engagement = Engagement.objects.filter(trainer=trainer, organisation=DEMO_ORGANISATION).first()
        try:
            if engagement is None:
                today = timezone.localdate()
                engagement, links = engagement_create(
                    trainer=trainer,
                    organisation=DEMO_ORGANISATION,
                    contact_name="Claire Dubois",
                    contact_email="claire.dubois@example.org",
                    trainee_name="Hugo Lefèvre",
                    trainee_email="hugo.lefevre@example.org",
                    language="fr",
                    start_date=today + timedelta(days=14),
                    hours_per_week=10,
                    due_date=today + timedelta(days=120),
                )
            else:
                links = Links(
                    client=link_reissue(engagement, "client", actor=None),
                    trainee=link_reissue(engagement, "trainee", actor=None),
                )
        except LookupError as error:
            raise CommandError(f"{error}") from None
        self._submitted_demo(trainer)
        self.stdout.write(f"trainer: {DEMO_TRAINER} {password}")
        self.stdout.write(f"client link: {links.client}")
        self.stdout.write(f"trainee link: {links.trainee}")

    def _submitted_demo(self, trainer):
        """A second engagement whose questionnaires are already submitted, so a plan shows at once."""
        if Engagement.objects.filter(trainer=trainer, organisation=SUBMITTED_ORGANISATION).exists():
            return
        today = timezone.localdate()
        engagement, _links = engagement_create(
            trainer=trainer,
            organisation=SUBMITTED_ORGANISATION,
            contact_name="Nadia Benali",
            contact_email="nadia.benali@example.org",
            trainee_name="Julien Moreau",
            trainee_email="julien.moreau@example.org",
            language="fr",
            start_date=today + timedelta(days=7),
            hours_per_week=12,
            due_date=today + timedelta(days=180),
        )
        for invitation, answers in (
            (engagement.client_invitation, CLIENT_ANSWERS),
            (engagement.trainee_invitation, {key: str(level) for key, level in TRAINEE_LEVELS.items()}),
        ):
            response = invitation.response
            result = response_save(response, answers=answers, base_revision=response.revision)
            if result.errors:
                raise CommandError(f"demo answers refused: {sorted(result.errors)}")
            response_submit(response)
        try:
            plan_generate(engagement, actor=trainer)
        except NoRules:
            self.stderr.write("no rules loaded (content/rules.yaml): the demo plan is not generated")
