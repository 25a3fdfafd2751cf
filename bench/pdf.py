"""The demo plan's PDF end to end, next to a bare WeasyPrint render of the same HTML, in one run.

Targets: the portal's render at most 1.15 times the bare render; a cached download at least 100
times faster than a render. Also prints the peak memory of a render.

    .venv/bin/python bench/pdf.py [--repeat 5]
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_seconds(function, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="tremplin-bench-pdf-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from pypdf import PdfReader
    from weasyprint import HTML

    from engagements.models import Engagement
    from training import pdf
    from training.models import PlanPdf

    call_command("migrate", verbosity=0)
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.exclude(plan=None).get()
    plan = engagement.plan
    html = pdf.plan_html(engagement, plan)
    base_url = pdf.STATIC_ROOT.as_uri() + "/"

    HTML(string=html, base_url=base_url).write_pdf()  # warm up fonts and caches
    bare = median_seconds(lambda: HTML(string=html, base_url=base_url).write_pdf(), args.repeat)

    def portal_render():
        PlanPdf.objects.all().delete()
        pdf.plan_pdf(engagement, plan)

    portal = median_seconds(portal_render, args.repeat)

    client = Client()
    client.force_login(engagement.trainer)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client.get(f"/engagements/{engagement.pk}/plan.pdf")  # render once, then cached
        cached = median_seconds(lambda: client.get(f"/engagements/{engagement.pk}/plan.pdf"), args.repeat * 4)

    PlanPdf.objects.all().delete()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    data = pdf.plan_pdf(engagement, plan)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"demo plan: {len(plan.data['items'])} modules, {len(data) // 1024} KiB, {pages} pages")
    print(f"{'measure':38} {'median s':>9} {'ratio':>8} {'target':>9}")
    print(f"{'bare WeasyPrint render (baseline)':38} {bare:9.3f} {1:8.2f}")
    verdict = "ok" if portal / bare <= 1.15 else "MISSED"
    name = "portal render (template, fetcher, store)"
    print(f"{name:38} {portal:9.3f} {portal / bare:8.2f} {'<= 1.15':>9} {verdict}")
    verdict = "ok" if portal / cached >= 100 else "MISSED"
    name = "cached download (full request)"
    print(f"{name:38} {cached:9.4f} {portal / cached:7.0f}x {'>= 100x':>9} {verdict}")
    peak_mib, before, after = peak / 1_048_576, rss_before // 1024, rss_after // 1024
    print(f"peak Python memory during a render: {peak_mib:.1f} MiB; process max RSS {before} -> {after} MiB")


if __name__ == "__main__":
    main()
