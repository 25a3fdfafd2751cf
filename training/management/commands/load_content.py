from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from training.catalogue import ContentError
from training.services import catalogue_load


class Command(BaseCommand):
    help = "Load the modules and study notes kept in content/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            default=str(Path(settings.BASE_DIR) / "content"),
            help="Folder to read (default: the project's content/).",
        )
        parser.add_argument(
            "--force-files",
            action="store_true",
            help="Replace notes edited in the portal with their files' version (the edit stays in history).",
        )

    def handle(self, *args, content_dir, force_files, **options):
        root = Path(content_dir)
        if not root.is_dir():
            raise CommandError(f"content folder not found: {root}")
        try:
            report = catalogue_load(root, force_files=force_files)
        except ContentError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            count = len(error.problems)
            raise CommandError(f"{root}: nothing loaded, {count} problem(s):\n{problems}") from None
        for line in report.summary():
            self.stdout.write(line)
