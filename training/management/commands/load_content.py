from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the questionnaires, modules, notes and rules kept in content/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            default=str(Path(settings.BASE_DIR) / "content"),
            help="Folder to read (default: the project's content/).",
        )

    def handle(self, *args, content_dir, **options):
        root = Path(content_dir)
        if not root.is_dir():
            raise CommandError(f"content folder not found: {root}")
        loaders = content_loaders()
        if not loaders:
            self.stdout.write(f"{root}: no content type is loadable yet; nothing loaded.")
            return
        for loader in loaders:
            self.stdout.write(loader(root))


def content_loaders():
    """The loaders for each kind of content, in dependency order; each returns a one-line summary."""
    return []
