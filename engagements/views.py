"""The staff pages. Each one: staff only, the engagement through engagement_or_404, one service call."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engagements import services
from engagements.access import engagement_or_404, staff_required
from engagements.dashboard import engagements_for, link_state
from engagements.forms import EngagementForm, SearchForm
from engagements.models import AuditEvent
from engagements.responses import answers_by_section
from questionnaires.models import Invitation, Upload

FRESH_LINKS = "fresh_links"
PAGE_SIZE = 25


@staff_required
@require_GET
def staff_home(request):
    form = SearchForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    engagements = engagements_for(
        request.user,
        q=filters.get("q") or "",
        state=filters.get("state") or "",
        trainer=filters.get("trainer"),
        sort=filters.get("sort") or "-created",
    )
    page = Paginator(engagements, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "engagement": e,
            "client": link_state(e.client_invitation),
            "trainee": link_state(e.trainee_invitation),
        }
        for e in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "staff/home.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def engagement_create(request):
    form = EngagementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        trainer = data.pop("trainer", None) or request.user
        engagement, links = services.engagement_create(trainer=trainer, actor=request.user, **data)
        _remember_links(request, engagement, {"client": links.client, "trainee": links.trainee})
        if "send" in request.POST:
            for kind in services.KINDS:
                services.link_send(engagement, kind, actor=request.user)
            messages.success(request, _("Engagement created. The invitations are on their way."))
        else:
            messages.success(request, _("Engagement created. Copy the links below or send them."))
        return redirect("engagement-detail", pk=engagement.pk)
    return render(request, "staff/engagement_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def engagement_edit(request, pk):
    engagement = engagement_or_404(request.user, pk)
    initial_trainer = {"trainer": engagement.trainer_id}
    form = EngagementForm(
        request.POST or None, instance=engagement, user=request.user, initial=initial_trainer
    )
    if request.method == "POST" and form.is_valid():
        services.engagement_update(engagement, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("engagement-detail", pk=engagement.pk)
    return render(request, "staff/engagement_form.html", {"form": form, "engagement": engagement})


@staff_required
@require_GET
def engagement_detail(request, pk):
    engagement = engagement_or_404(request.user, pk)
    language = "en" if get_language() == "en" else "fr"
    fresh = request.session.pop(FRESH_LINKS, {}).get(str(engagement.pk), {})
    links = []
    for kind in services.KINDS:
        invitation = services.invitation_of(engagement, kind)
        links.append(
            {
                "kind": kind,
                "label": Invitation.Kind(kind).label,
                "invitation": invitation,
                "state": link_state(invitation),
                "fresh_url": fresh.get(kind),
                "sections": answers_by_section(invitation.response, language),
                "uploads": list(invitation.response.uploads.all()),
                "deliveries": [d for d in engagement.deliveries.all() if d.kind == kind][:5],
            }
        )
    history = AuditEvent.objects.filter(engagement_id=engagement.pk).select_related("actor")[:50]
    return render(
        request,
        "staff/engagement_detail.html",
        {"engagement": engagement, "links": links, "history": history},
    )


@staff_required
@require_POST
def link_action(request, pk, kind, action):
    engagement = engagement_or_404(request.user, pk)
    if kind not in services.KINDS:
        raise Http404
    if action == "send":
        services.link_send(engagement, kind, actor=request.user)
        messages.success(request, _("The e-mail is on its way. Its delivery appears below."))
    elif action == "reissue":
        url = services.link_reissue(engagement, kind, actor=request.user)
        _remember_links(request, engagement, {kind: url})
        messages.success(request, _("New link created: the previous links no longer work."))
    elif action == "revoke":
        services.link_revoke(engagement, kind, actor=request.user)
        messages.success(request, _("Link revoked: it no longer opens the questionnaire."))
    elif action == "extend":
        services.link_extend(engagement, kind, actor=request.user)
        messages.success(request, _("Link extended."))
    elif action == "reopen":
        services.response_reopen(engagement, kind, actor=request.user)
        messages.success(request, _("The answers can be changed again through the link."))
    else:
        raise Http404
    return redirect("engagement-detail", pk=engagement.pk)


@staff_required
@require_POST
def engagement_archive(request, pk):
    engagement = engagement_or_404(request.user, pk)
    services.engagement_archive(engagement, actor=request.user, archived=not engagement.archived)
    messages.success(request, _("Engagement archived.") if engagement.archived else _("Engagement restored."))
    return redirect("engagement-detail", pk=engagement.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def engagement_delete(request, pk):
    engagement = engagement_or_404(request.user, pk)
    if request.method == "POST":
        services.engagement_delete(engagement, actor=request.user)
        messages.success(request, _("Engagement deleted, with its links, answers and documents."))
        return redirect("staff-home")
    return render(request, "staff/engagement_delete.html", {"engagement": engagement})


@staff_required
@require_GET
def upload_download(request, pk, upload_id):
    engagement = engagement_or_404(request.user, pk)
    responses = [services.invitation_of(engagement, kind).response_id for kind in services.KINDS]
    upload = Upload.objects.filter(pk=upload_id, response_id__in=responses).first()
    if upload is None:
        raise Http404
    services.audit(AuditEvent.Kind.UPLOAD_DOWNLOADED, engagement=engagement, actor=request.user)
    response = FileResponse(
        upload.file.open("rb"),
        as_attachment=True,
        filename=upload.original_name,
        content_type=upload.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _remember_links(request, engagement, urls):
    """New links are shown once, on the next page: the portal keeps no copy of them."""
    fresh = request.session.get(FRESH_LINKS, {})
    fresh.setdefault(str(engagement.pk), {}).update(urls)
    request.session[FRESH_LINKS] = fresh
