"""Plans for engagements: generation, overrides that survive, the trainer's page, and the PDF."""

import http.server
import io
import threading
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from engagements.models import AuditEvent
from questionnaires.services import response_save, response_submit
from tests.conftest import make_engagement
from training import pdf
from training.demo import CLIENT_ANSWERS, TRAINEE_LEVELS
from training.models import Module, PlanPdf, TrainingPlan
from training.plans import plan_generate, plan_override_add

pytestmark = pytest.mark.django_db

CLOUD_ANSWERS = {
    "environments": ["prod"], "os": ["linux"], "k8s_cluster": "yes", "k8s_version": "1.35",
    "hosting": "cloud", "cloud_provider": ["aws"], "k8s_distribution": "eks", "devops": ["none"],
    "storage": ["cloud_storage"], "app_migration": "no",
    "comments": "<script>alert('x')</script> <b>gras</b>",
}  # fmt: skip


@pytest.fixture
def content(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_content", stdout=StringIO())


def submitted(engagement, client_answers, levels=TRAINEE_LEVELS):
    for invitation, answers in (
        (engagement.client_invitation, client_answers),
        (engagement.trainee_invitation, {k: str(v) for k, v in levels.items()}),
    ):
        result = response_save(
            invitation.response, answers=answers, base_revision=invitation.response.revision
        )
        assert not result.errors, result.errors
        response_submit(invitation.response)
    return engagement


def slugs(plan):
    return [item["slug"] for item in plan.data["items"]]


def test_two_environments_give_visibly_different_plans(content, alice):
    on_prem = plan_generate(submitted(make_engagement(alice, organisation="OnPrem")[0], CLIENT_ANSWERS))
    cloud = plan_generate(submitted(make_engagement(alice, organisation="Cloud")[0], CLOUD_ANSWERS))
    for slug in (
        "hypervisor-vmware-vsphere",
        "nfs-server-client",
        "jenkins-pipelines",
        "kubeadm-cluster-install",
    ):
        assert slug in slugs(on_prem) and slug not in slugs(cloud)
    for slug in ("managed-kubernetes-cloud", "cloud-fundamentals"):
        assert slug in slugs(cloud) and slug not in slugs(on_prem)
    # Prerequisites first, and every module says why it is there.
    position = {slug: n for n, slug in enumerate(slugs(on_prem))}
    for module in Module.objects.filter(slug__in=position).prefetch_related("prerequisites"):
        for prerequisite in module.prerequisites.all():
            if prerequisite.slug in position:
                assert position[prerequisite.slug] < position[module.slug]
    assert all(item["reasons"] for item in on_prem.data["items"])
    assert "linux-fundamentals" in on_prem.data["mastered"]  # the trainee rated Linux 3


def test_the_client_submitting_generates_the_plan(content, alice, client, django_capture_on_commit_callbacks):
    engagement, links = make_engagement(alice)
    client.get(links.client.split("8000")[1])
    base = f"/r/{engagement.client_invitation.public_id}"
    client.post(
        f"{base}/autosave/", {"revision": 0, "answers": CLIENT_ANSWERS}, content_type="application/json"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}/submit/")
    assert "nfs-server-client" in slugs(TrainingPlan.objects.get(engagement=engagement))


def test_overrides_survive_regeneration_after_answers_change(content, alice):
    engagement = submitted(make_engagement(alice)[0], CLIENT_ANSWERS)
    plan_generate(engagement)
    plan_override_add(
        engagement, actor=alice, action="remove", module=Module.objects.get(slug="helm"), reason="déjà vu"
    )
    plan_override_add(
        engagement,
        actor=alice,
        action="add",
        module=Module.objects.get(slug="crds-operators-extensions"),
        reason="demande du client",
    )
    plan_override_add(
        engagement,
        actor=alice,
        action="hours",
        module=Module.objects.get(slug="volumes-pv-pvc"),
        value=9,
        reason="plus de pratique",
    )
    response = engagement.client_invitation.response
    from questionnaires.services import response_reopen

    response_reopen(response)
    response.refresh_from_db()
    response_save(
        response,
        answers={"storage": ["nfs", "local_disk"], "k8s_version": "1.24"},
        base_revision=response.revision,
    )
    response_submit(response)
    plan = plan_generate(engagement)
    assert "helm" not in slugs(plan) and "crds-operators-extensions" in slugs(plan)
    assert next(i for i in plan.data["items"] if i["slug"] == "volumes-pv-pvc")["hours"] == 9
    assert any(w["fr"] and "dockershim" in (w["fr"] + w["en"]).lower() for w in plan.data["warnings"])
    trainer_reason = next(i for i in plan.data["items"] if i["slug"] == "crds-operators-extensions")[
        "reasons"
    ][0]
    assert trainer_reason == {"kind": "trainer", "ref": "demande du client", "fr": "", "en": ""}


def test_plan_page_shows_reasons_and_takes_changes(content, alice, client):
    engagement = submitted(make_engagement(alice)[0], CLIENT_ANSWERS)
    client.force_login(alice)
    assert "Générer le plan" in client.get(f"/engagements/{engagement.pk}/plan/").content.decode()
    client.post(f"/engagements/{engagement.pk}/plan/generate/")
    html = client.get(f"/engagements/{engagement.pk}/plan/").content.decode()
    assert "Serveur et client NFS sous Linux" in html and "car vous" in html
    response = client.post(
        f"/engagements/{engagement.pk}/plan/overrides/", {"action": "remove", "module": "helm", "reason": ""}
    )
    assert "Ce champ est obligatoire." in client.get(response.headers["Location"]).content.decode()
    client.post(
        f"/engagements/{engagement.pk}/plan/overrides/",
        {"action": "remove", "module": "helm", "reason": "vu"},
    )
    html = client.get(f"/engagements/{engagement.pk}/plan/").content.decode()
    assert "Ce qui a changé depuis la génération précédente" in html
    assert "Retiré : Helm : installer, mettre à jour et revenir en arrière" in html


@pytest.fixture
def plan_with_hostile_answers(content, alice):
    engagement = submitted(make_engagement(alice, organisation="Cloud <i>Corp</i>")[0], CLOUD_ANSWERS)
    return engagement, plan_generate(engagement)


def test_the_pdf_has_titles_links_bookmarks_and_inert_answers(plan_with_hostile_answers, alice, client):
    engagement, plan = plan_with_hostile_answers
    client.force_login(alice)
    response = client.get(f"/engagements/{engagement.pk}/plan.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Plan de formation" in text and "Kubernetes managé dans le cloud" in text
    assert "<script>alert('x')</script>" in text.replace("\n", " ") or "alert('x')" in text
    assert "Cloud <i>Corp</i>" in text
    links = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    }
    for slug in slugs(plan):
        assert f"{django_settings.SITE_URL}/notes/{slug}/" in links
    assert len(reader.outline) >= 5
    assert b"/JavaScript" not in response.content and b"/JS " not in response.content


def test_the_pdf_is_rendered_once_and_answers_304(plan_with_hostile_answers, alice, client, monkeypatch):
    engagement, _plan = plan_with_hostile_answers
    client.force_login(alice)
    renders = []
    original = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda html: renders.append(1) or original(html))
    first = client.get(f"/engagements/{engagement.pk}/plan.pdf")
    second = client.get(f"/engagements/{engagement.pk}/plan.pdf")
    assert len(renders) == 1 and first.content == second.content and PlanPdf.objects.count() == 1
    etag = first.headers["ETag"]
    assert client.get(f"/engagements/{engagement.pk}/plan.pdf", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert AuditEvent.objects.filter(engagement_id=engagement.pk, kind="pdf_downloaded").count() == 2
    # A change to the plan is a new PDF.
    plan_generate(engagement)
    assert client.get(f"/engagements/{engagement.pk}/plan.pdf", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_english_engagement_gets_an_english_pdf(content, alice, tmp_path):
    engagement = submitted(make_engagement(alice, language="en")[0], CLOUD_ANSWERS)
    out = tmp_path / "plan.pdf"
    output = StringIO()
    call_command("render_plan", str(engagement.pk), "-o", str(out), stdout=output)
    assert "modules" in output.getvalue()
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Training plan" in text and "Managed Kubernetes in the cloud" in text


class Recorder(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="http://127.0.0.1:{port}/spy.png">',
        '<link rel="stylesheet" href="https://127.0.0.1:{port}/spy.css">',
        '<img src="file:///etc/hostname">',
        '<img src="../templates/base.html">',
        '<link rel="stylesheet" href="http://127.0.0.1:{port}/@import.css">',
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(markup):
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.hits = []
    try:
        with pytest.raises(FatalURLFetchingError):
            pdf.render_pdf(f"<html><body>{markup.format(port=server.server_port)}<p>x</p></body></html>")
    finally:
        server.shutdown()
    assert Recorder.hits == []


def test_the_fetcher_reads_static_files():
    data = pdf.render_pdf(
        '<html><head><link rel="stylesheet" href="css/pdf.css"></head><body><h1>T</h1></body></html>'
    )
    assert data.startswith(b"%PDF")


def test_the_dashboard_shows_plan_generated_then_downloaded(content, alice, client):
    engagement = submitted(make_engagement(alice)[0], CLIENT_ANSWERS)
    client.force_login(alice)
    assert "généré" not in client.get("/").content.decode()
    plan_generate(engagement)
    assert "généré" in client.get("/").content.decode()
    client.get(f"/engagements/{engagement.pk}/plan.pdf")
    assert "téléchargé" in client.get("/").content.decode()


def test_seed_demo_shows_a_real_plan_at_once(content):
    call_command("seed_demo", stdout=StringIO())
    plan = TrainingPlan.objects.get(engagement__organisation="Transports Azur (démo)")
    assert {"hypervisor-vmware-vsphere", "nfs-server-client", "jenkins-pipelines"} <= set(slugs(plan))
    call_command("seed_demo", stdout=StringIO())
    assert TrainingPlan.objects.count() == 1


def test_a_render_that_takes_too_long_is_stopped_with_a_message(
    plan_with_hostile_answers, alice, client, monkeypatch
):
    engagement, _plan = plan_with_hostile_answers
    client.force_login(alice)
    monkeypatch.setattr(pdf, "RENDER_SECONDS", 0.001)
    response = client.get(f"/engagements/{engagement.pk}/plan.pdf", follow=True)
    assert "Le PDF a mis trop de temps à être produit" in response.content.decode()
    assert PlanPdf.objects.count() == 0
