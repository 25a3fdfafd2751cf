"""The one module that renders PDFs, and the only one that imports WeasyPrint.

Templates in, bytes out. The URL fetcher serves the portal's own static files from disk and
refuses everything else (no network, no other file), failing the render rather than guessing.
Rendered PDFs are kept, found again by a hash of everything that goes into them.
"""

import hashlib
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from training.models import PlanPdf
from training.plan_display import pdf_context

STATIC_ROOT = (Path(settings.BASE_DIR) / "static").resolve()
TEMPLATES = [Path(settings.BASE_DIR) / "templates" / "pdf" / name for name in ("plan.html",)]
RENDER_SECONDS = 60


class RenderTimeout(Exception):
    pass


class StaticOnlyFetcher(URLFetcher):
    """file: URLs inside static/ are read from disk; any other URL stops the render."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True, allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FatalURLFetchingError(f"refused: {parts.scheme}: URLs are not fetched")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(STATIC_ROOT) or not path.is_file():
            raise FatalURLFetchingError("refused: only the portal's static files are read")
        return super().fetch(path.as_uri(), headers)


@contextmanager
def time_limit(seconds):
    """Stop a render that takes too long (where a timer signal can be used: the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum, _frame):
        raise RenderTimeout(f"the PDF took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_pdf(html: str) -> bytes:
    with time_limit(RENDER_SECONDS):
        document = HTML(string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=StaticOnlyFetcher())
        return document.write_pdf()


def _template_digest() -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in TEMPLATES)).hexdigest()


def cache_key(plan, language: str) -> str:
    parts = [
        plan.checksum,
        plan.generated_at.isoformat(),
        language,
        plan.notes_revision,
        settings.SITE_URL,
        _template_digest(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def plan_html(engagement, plan) -> str:
    with translation.override(engagement.language):
        return render_to_string("pdf/plan.html", pdf_context(engagement, plan, engagement.language))


def plan_pdf(engagement, plan, key: str | None = None) -> bytes:
    """The PDF of a plan, rendered once per set of inputs."""
    key = key or cache_key(plan, engagement.language)
    cached = PlanPdf.objects.filter(key=key).first()
    if cached is not None:
        try:
            with cached.file.open("rb") as stored:
                return stored.read()
        except FileNotFoundError:
            cached.delete()  # the file went missing: render it again
    data = render_pdf(plan_html(engagement, plan))
    PlanPdf.objects.get_or_create(
        key=key, defaults={"file": ContentFile(data, name=f"{key}.pdf"), "size": len(data)}
    )
    return data
