import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_TRAINER = "trainer"


class Command(BaseCommand):
    help = "Create the demo data (idempotent) and print how to sign in."

    @transaction.atomic
    def handle(self, *args, **options):
        # The password is stored hashed, so it cannot be shown again: each run sets a fresh one.
        password = secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_TRAINER,
            defaults={"first_name": "Camille", "last_name": "Martin", "email": "trainer@example.org"},
        )
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"trainer: {DEMO_TRAINER} {password}")
