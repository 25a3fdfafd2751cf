"""Time portal pages against a bare Django view, in one process, and print the ratios.

Requests go through Django's full middleware stack via the test client (no network), on a
throw-away SQLite database, so the figures isolate the cost of our views and templates.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(client, path, requests):
    client.get(path)  # warm caches and templates
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples), percentile(samples, 0.95)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="tremplin-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    call_command("load_content", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    trainer = get_user_model().objects.create_user("bench", password="bench-password-long", is_staff=True)
    signed_in = Client()
    signed_in.force_login(trainer)

    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"]):
        baseline, baseline_p95 = measure(Client(), "/bench/bare/", args.requests)
        rows = [
            ("GET /healthz", measure(Client(), "/healthz", args.requests)),
            ("GET /accounts/login/ (anonymous)", measure(Client(), "/accounts/login/", args.requests)),
            ("GET / (staff home, signed in)", measure(signed_in, "/", args.requests)),
            ("GET /notes/ (catalogue)", measure(Client(), "/notes/", args.requests)),
            ("GET /notes/?q=volume (search)", measure(Client(), "/notes/?q=volume", args.requests)),
            ("GET /notes/volumes-pv-pvc/", measure(Client(), "/notes/volumes-pv-pvc/", args.requests)),
        ]
    print(f"baseline bare view: median {baseline * 1000:.3f} ms, p95 {baseline_p95 * 1000:.3f} ms")
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'x baseline':>11}")
    for name, (median, p95) in rows:
        print(f"{name:40} {median * 1000:10.3f} {p95 * 1000:8.3f} {median / baseline:11.1f}")


if __name__ == "__main__":
    main()
