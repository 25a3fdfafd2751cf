"""Throughput of the questionnaire under gunicorn (2 sync workers, DEBUG off, loopback).

Measures, in one run: a bare Django view (the baseline), the longest section page, and the
autosave call, each with the same client load (4 keep-alive connections, a fixed number of
requests). Prints requests per second and p95 latency, and each page's throughput as a share
of the baseline's. Targets: section page >= 10 %, autosave >= 25 %.

    .venv/bin/python bench/questionnaire.py [--requests 400] [--concurrency 4]
"""

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env, engagements):
    """Migrate, load content and create engagements in a fresh database; return their client links."""
    script = f"""
import django, json
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from engagements.services import engagement_create
import datetime, io
call_command("migrate", verbosity=0)
call_command("load_content", stdout=io.StringIO())
call_command("collectstatic", "--no-input", verbosity=0)
trainer = get_user_model().objects.create_user("bench", email="bench@example.org", is_staff=True)
links = []
for n in range({engagements}):
    _e, l = engagement_create(
        trainer=trainer, organisation=f"Bench {{n}}", contact_name="C", contact_email="c@example.org",
        trainee_name="T", trainee_email="t@example.org", language="fr", start_date=datetime.date(2027, 1, 4),
        hours_per_week=10, due_date=datetime.date(2027, 6, 30),
    )
    links.append(l.client)
print(json.dumps(links))
"""
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


class Session:
    """One keep-alive connection with its own cookies, like one browser."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, data


def open_questionnaire(port, link, section):
    """Open the secret link and the section page; return the session, base path and CSRF token."""
    session = Session(port)
    path = re.sub(r"^https?://[^/]+", "", link)
    status, headers, _ = session.request("GET", path)
    assert status == 302, status
    base = headers["Location"]
    status, _, page = session.request("GET", f"{base}s/{section}/")
    assert status == 200, status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    return session, base, token


def run_load(workers, requests_each):
    """Run each worker's callable requests_each times in parallel; return (req/s, p95 seconds)."""
    latencies, lock = [], threading.Lock()

    def loop(call):
        mine = []
        for _ in range(requests_each):
            start = time.perf_counter()
            call()
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=loop, args=(call,)) for call in workers]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return len(latencies) / elapsed, latencies[int(0.95 * (len(latencies) - 1))]


def longest_section(env):
    script = """
import django
django.setup()
from questionnaires.models import QuestionnaireVersion
d = QuestionnaireVersion.objects.get(questionnaire__key="client-environment").definition
print(max(d.sections, key=lambda s: len(s.questions)).key)
"""
    return subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=400, help="requests per connection and measure")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tremplin-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "EMAIL_TRANSPORT": "console",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")  # persistent connections, as in production
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    links = prepare(env, args.concurrency)
    section = longest_section(env)
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "bench.wsgi_bench:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        sessions = [open_questionnaire(port, link, section) for link in links]

        def bare(session):
            return lambda: session.request("GET", "/bench/bare/")

        def section_page(session, base):
            def call():
                status, _, _ = session.request("GET", f"{base}s/{section}/")
                assert status == 200, status

            return call

        def autosave(session, base, token):
            state = {"revision": 0, "flip": False}

            def call():
                state["flip"] = not state["flip"]
                body = json.dumps(
                    {
                        "revision": state["revision"],
                        "section": "goals",
                        "answers": {"comments": "A" if state["flip"] else "B"},
                    }
                )
                status, _, data = session.request(
                    "POST",
                    f"{base}autosave/",
                    body,
                    {
                        "Content-Type": "application/json",
                        "X-CSRFToken": token,
                        "Referer": f"http://127.0.0.1:{port}{base}",
                    },
                )
                assert status == 200, (status, data[:200])
                state["revision"] = json.loads(data)["revision"]

            return call

        for _warm in range(20):  # warm up templates and connections
            for session, base, _token in sessions:
                session.request("GET", f"{base}s/{section}/")
        baseline = run_load([bare(s) for s, _b, _t in sessions], args.requests)
        rows = [
            (
                f"section page ({section})",
                run_load([section_page(s, b) for s, b, _t in sessions], args.requests),
                10,
            ),
            (
                "autosave (one answer)",
                run_load([autosave(s, b, t) for s, b, t in sessions], args.requests),
                25,
            ),
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"gunicorn, 2 sync workers, DEBUG off, {engine}, {args.concurrency} keep-alive connections, "
        f"{args.requests} requests each"
    )
    print(f"{'measure':32} {'req/s':>8} {'p95 ms':>8} {'% of bare':>10} {'target':>7}")
    print(
        f"{'bare Django view (baseline)':32} {baseline[0]:8.0f} {baseline[1] * 1000:8.1f} {100:9.0f}% {'':>7}"
    )
    for name, (rate, p95), target in rows:
        share = 100 * rate / baseline[0]
        verdict = "ok" if share >= target else "MISSED"
        print(f"{name:32} {rate:8.0f} {p95 * 1000:8.1f} {share:9.1f}% {f'>={target}%':>7} {verdict}")


if __name__ == "__main__":
    main()
