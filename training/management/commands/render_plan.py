from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engagements.models import Engagement
from training import pdf, plans
from training.models import TrainingPlan


class Command(BaseCommand):
    help = "Render an engagement's training plan as a PDF (generating the plan first if it has none)."

    def add_arguments(self, parser):
        parser.add_argument(
            "engagement", type=int, help="The engagement's number (as in /engagements/<number>/)."
        )
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write.")

    def handle(self, *args, engagement, output, **options):
        found = Engagement.objects.filter(pk=engagement).first()
        if found is None:
            raise CommandError(f"no engagement {engagement}")
        try:
            plan = TrainingPlan.objects.filter(engagement=found).first() or plans.plan_generate(found)
        except plans.NoRules as error:
            raise CommandError(str(error)) from None
        data = pdf.plan_pdf(found, plan)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data)} bytes, {len(plan.data['items'])} modules")
