"""The pages behind a secret link: welcome, one page per section, review, submit, thanks.

The token is exchanged for a session at the first request and never appears again in a URL: the
pages live at /r/<public id>/, which gives nothing without that session.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from questionnaires import services
from questionnaires.definition import visible_questions
from questionnaires.messages import answer_error_text
from questionnaires.models import Invitation
from questionnaires.presentation import changed_answers, review_page, section_page
from questionnaires.throttle import client_ip, is_blocked, record_failure
from questionnaires.uploads import UploadRefused, check_upload

SESSION_KEY = "invitations"
MAX_AUTOSAVE_BYTES = 256 * 1024


def _link_invalid(request, status=404):
    response = render(request, "client/link_invalid.html", {"too_many": status == 429}, status=status)
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def open_link(request, token):
    """Exchange the token for a session, then go to a token-free address."""
    ip = client_ip(request)
    if is_blocked(ip):
        return _link_invalid(request, status=429)
    invitation = services.invitation_by_token(token)
    if invitation is None:
        record_failure(ip)
        return _link_invalid(request)
    allowed = set(request.session.get(SESSION_KEY, []))
    allowed.add(str(invitation.public_id))
    request.session[SESSION_KEY] = sorted(allowed)
    request.session.cycle_key()
    services.invitation_touch(invitation)
    with translation.override(invitation.language):
        target = reverse("client-welcome", kwargs={"public_id": invitation.public_id})
    response = redirect(target)
    response["Referrer-Policy"] = "no-referrer"
    return response


def with_invitation(view):
    """Load the invitation this session may use; anything else sees the invalid-link page."""

    @wraps(view)
    def wrapper(request, public_id, *args, **kwargs):
        if str(public_id) not in request.session.get(SESSION_KEY, []):
            return _link_invalid(request)
        invitation = Invitation.objects.select_related("response").filter(public_id=public_id).first()
        if invitation is None or not invitation.is_usable:
            return _link_invalid(request)
        return view(request, invitation, *args, **kwargs)

    return never_cache(wrapper)


@with_invitation
@require_GET
def welcome(request, invitation):
    response = invitation.response
    definition = response.definition
    answered, total = services.response_progress(response)
    resume = response.last_section if definition.section(response.last_section) else ""
    return render(
        request,
        "client/welcome.html",
        {
            "invitation": invitation,
            "definition": definition,
            "title": definition.title.get(_language()),
            "intro": definition.intro.get(_language()),
            "response": response,
            "answered": answered,
            "total": total,
            "resume_section": resume or definition.sections[0].key,
            "retention_days": settings.DATA_RETENTION_DAYS,
        },
    )


@with_invitation
@require_http_methods(["GET", "POST"])
def section(request, invitation, section_key):
    response = invitation.response
    definition = response.definition
    if definition.section(section_key) is None:
        raise Http404
    if response.is_submitted:
        return redirect("client-review", public_id=invitation.public_id)
    posted, errors, conflict = None, {}, None
    if request.method == "POST":
        shown_before = visible_questions(definition, response.answers)
        posted = _posted_answers(request, definition.section(section_key))
        try:
            result = services.response_save(
                response,
                answers=posted["answers"],
                other_texts=posted["others"],
                base_revision=_int(request.POST.get("revision")),
                section=section_key,
            )
            errors = dict(result.errors)
            errors.update(_save_uploads(request, invitation, section_key, errors))
        except services.SaveConflict as error:
            conflict = changed_answers(error.response, error.changed_keys, _language())
        except services.ResponseClosed:
            return redirect("client-review", public_id=invitation.public_id)
        services.invitation_touch(invitation)
        if not errors and conflict is None:
            return redirect(_next_url(request, invitation, section_key, shown_before))
    page = section_page(response, section_key, _language(), posted=posted, errors=errors)
    return render(
        request,
        "client/section.html",
        {"invitation": invitation, "response": response, "page": page, "conflict": conflict},
    )


def _int(value, default=-1):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _language():
    return "en" if translation.get_language() == "en" else "fr"


def _posted_answers(request, section):
    """The section's answers from the form; names outside the section are ignored."""
    answers, others = {}, {}
    for question in section.questions:
        name = f"q-{question.key}"
        if question.type == "file":
            continue
        if question.type == "multiple_choice":
            answers[question.key] = request.POST.getlist(name)[:50]
        else:
            answers[question.key] = request.POST.get(name, "")[:20_000]
        if question.other:
            others[question.key] = request.POST.get(f"{name}-other", "")[:1000]
    return {"answers": answers, "others": others}


def _save_uploads(request, invitation, section_key, errors):
    upload_errors = {}
    section = invitation.response.definition.section(section_key)
    for question in section.questions:
        file = request.FILES.get(f"q-{question.key}")
        if question.type != "file" or file is None or question.key in errors:
            continue
        try:
            content_type = check_upload(file, max_bytes=settings.UPLOAD_MAX_BYTES)
            services.response_attach(
                invitation.response,
                question_key=question.key,
                file=file,
                content_type=content_type,
                base_revision=invitation.response.revision,
            )
        except UploadRefused as refused:
            upload_errors[question.key] = str(refused.message)
    return upload_errors


def _next_url(request, invitation, section_key, shown_before):
    response = invitation.response
    definition = response.definition
    page = section_page(response, section_key, _language())
    section_keys = {q.key for q in definition.section(section_key).questions}
    newly_shown = (visible_questions(definition, response.answers) - shown_before) & section_keys
    if "previous" in request.POST and page.previous_key:
        return reverse(
            "client-section", kwargs={"public_id": invitation.public_id, "section_key": page.previous_key}
        )
    if "next" in request.POST and newly_shown:
        # Answers on this page revealed new questions on it (without JavaScript they appear only
        # now): show them before moving on.
        messages.info(request, _("Your answers opened new questions on this page."))
        return reverse(
            "client-section", kwargs={"public_id": invitation.public_id, "section_key": section_key}
        )
    if "next" in request.POST and page.next_key:
        return reverse(
            "client-section", kwargs={"public_id": invitation.public_id, "section_key": page.next_key}
        )
    goto = request.POST.get("goto", "")
    if goto and invitation.response.definition.section(goto):
        return reverse("client-section", kwargs={"public_id": invitation.public_id, "section_key": goto})
    if "stay" in request.POST:
        return reverse(
            "client-section", kwargs={"public_id": invitation.public_id, "section_key": section_key}
        )
    return reverse("client-review", kwargs={"public_id": invitation.public_id})


@with_invitation
@require_POST
def autosave(request, invitation):
    """Background save from the page's script: JSON in, JSON out."""
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return JsonResponse({"error": _("Too much data at once.")}, status=413)
    try:
        payload = json.loads(request.body)
        answers = payload["answers"]
        if not isinstance(answers, dict):
            raise TypeError
        others = payload.get("others") or {}
        base = int(payload["revision"])
        section_key = str(payload.get("section", ""))[:60]
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": _("The page sent something it should not. Reload the page.")}, status=400
        )
    answers = {
        str(k): ([str(i)[:1000] for i in v][:50] if isinstance(v, list) else str(v)[:20_000])
        for k, v in list(answers.items())[:500]
    }
    others = (
        {str(k): str(v)[:1000] for k, v in list(others.items())[:500]} if isinstance(others, dict) else {}
    )
    try:
        result = services.response_save(
            invitation.response, answers=answers, other_texts=others, base_revision=base, section=section_key
        )
    except services.SaveConflict as error:
        return JsonResponse(
            {
                "conflict": True,
                "revision": error.response.revision,
                "message": _(
                    "Someone else saved answers on this questionnaire since you opened the page. "
                    "Your last changes are not saved yet."
                ),
                "changed": changed_answers(error.response, error.changed_keys, _language()),
            },
            status=409,
        )
    except services.ResponseClosed:
        return JsonResponse({"error": _("These answers were sent and can no longer be changed.")}, status=409)
    services.invitation_touch(invitation)
    return JsonResponse(
        {
            "revision": result.revision,
            "errors": {key: answer_error_text(error) for key, error in result.errors.items()},
        }
    )


@with_invitation
@require_GET
def review(request, invitation):
    page = review_page(invitation.response, _language())
    return render(request, "client/review.html", {"invitation": invitation, "page": page})


@with_invitation
@require_POST
def submit(request, invitation):
    try:
        first_time = services.response_submit(invitation.response)
    except services.Incomplete:
        page = review_page(invitation.response, _language())
        return render(
            request,
            "client/review.html",
            {"invitation": invitation, "page": page, "incomplete": True},
            status=400,
        )
    if first_time:
        services.response_submitted_notify(invitation)
    return redirect("client-thanks", public_id=invitation.public_id)


@with_invitation
@require_GET
def thanks(request, invitation):
    if not invitation.response.is_submitted:
        return redirect("client-review", public_id=invitation.public_id)
    return render(request, "client/thanks.html", {"invitation": invitation})
