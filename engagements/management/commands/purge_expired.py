from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from engagements.models import Engagement
from engagements.services import engagement_delete


class Command(BaseCommand):
    help = (
        "Erase engagements whose due date is more than DATA_RETENTION_DAYS in the past, with all their data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be erased, erase nothing."
        )

    def handle(self, *args, dry_run, **options):
        limit = timezone.localdate() - timedelta(days=settings.DATA_RETENTION_DAYS)
        expired = list(
            Engagement.objects.filter(due_date__lt=limit).select_related(
                "client_invitation__response", "trainee_invitation__response"
            )
        )
        for engagement in expired:
            if not dry_run:
                engagement_delete(engagement, actor=None)
        verb = "would erase" if dry_run else "erased"
        self.stdout.write(f"{verb} {len(expired)} engagement(s) due before {limit.isoformat()}")
