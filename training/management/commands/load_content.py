from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from questionnaires.definition import DefinitionError
from questionnaires.services import questionnaires_publish, read_definitions
from training.catalogue import ContentError, read_catalogue
from training.services import catalogue_store


class Command(BaseCommand):
    help = "Load the questionnaires, modules and study notes kept in content/ (idempotent, all or nothing)."

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
        # Everything is read and validated before anything is written.
        problems = []
        try:
            definitions = read_definitions(root / "questionnaires")
        except DefinitionError as error:
            problems += error.problems
        try:
            catalogue = read_catalogue(root)
        except ContentError as error:
            problems += error.problems
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems)
            raise CommandError(f"{root}: nothing loaded, {len(problems)} problem(s):\n{listed}")
        with transaction.atomic():
            published = questionnaires_publish(definitions)
            stored = catalogue_store(catalogue, force_files=force_files)
        self.stdout.write(published.summary())
        for line in stored.summary():
            self.stdout.write(line)
