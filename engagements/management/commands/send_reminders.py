from django.core.management.base import BaseCommand

from engagements.services import reminder_send, reminders_due


class Command(BaseCommand):
    help = (
        "Remind those who have not submitted, every REMINDER_EVERY_DAYS days, at most REMINDER_MAX times. "
        "Safe to run from cron as often as you like."
    )

    def handle(self, *args, **options):
        sent = sum(1 for invitation in reminders_due() if reminder_send(invitation))
        self.stdout.write(f"reminders sent: {sent}")
