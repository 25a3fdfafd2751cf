from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from questionnaires.definition import DefinitionError
from questionnaires.services import CLIENT_QUESTIONNAIRE, questionnaires_publish, read_definitions
from training.catalogue import ContentError, read_catalogue
from training.plans import client_questions
from training.rules import RulesError, parse_rules
from training.services import catalogue_store, rules_store


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
        rules_text = (
            (root / "rules.yaml").read_text(encoding="utf-8") if (root / "rules.yaml").is_file() else None
        )
        if rules_text is not None and not problems:
            client = next(f.definition for f in definitions if f.definition.key == CLIENT_QUESTIONNAIRE)
            try:
                parse_rules(
                    "rules.yaml",
                    rules_text,
                    questions=client_questions(client),
                    modules={s: m.alternative_group for s, m in catalogue.modules.items()},
                )
            except RulesError as error:
                problems += error.problems
        if problems:
            listed = "\n".join(f"  {problem}" for problem in problems)
            raise CommandError(f"{root}: nothing loaded, {len(problems)} problem(s):\n{listed}")
        with transaction.atomic():
            published = questionnaires_publish(definitions)
            stored = catalogue_store(catalogue, force_files=force_files)
            rules = (
                rules_store(rules_text) if rules_text is not None else "rules: none (no content/rules.yaml)"
            )
        self.stdout.write(published.summary())
        for line in stored.summary():
            self.stdout.write(line)
        self.stdout.write(rules)
