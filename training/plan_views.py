"""The trainer's plan page and the PDF download (staff only, through engagement_or_404)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from engagements.access import engagement_or_404, staff_required
from engagements.models import AuditEvent
from engagements.services import audit
from training import pdf, plans
from training.models import Module, PlanOverride, TrainingPlan
from training.plan_display import plan_context


class OverrideForm(forms.Form):
    action = forms.ChoiceField(choices=PlanOverride.Action.choices)
    module = forms.ModelChoiceField(queryset=Module.objects.active(), to_field_name="slug")
    value = forms.IntegerField(required=False, min_value=1, max_value=200)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in ("hours", "priority") and not cleaned.get("value"):
            self.add_error("value", _("Give a number."))
        return cleaned


NO_RULES = gettext_lazy("No training rules are loaded: ask an administrator to run load_content.")


def _language():
    return "en" if get_language() == "en" else "fr"


@staff_required
@require_GET
def plan_page(request, pk):
    engagement = engagement_or_404(request.user, pk)
    context = plan_context(engagement, _language())
    context.update(
        engagement=engagement,
        overrides=engagement.plan_overrides.filter(active=True).select_related("module", "author"),
        all_modules=Module.objects.active().order_by(f"title_{_language()}"),
    )
    return render(request, "staff/plan.html", context)


@staff_required
@require_POST
def plan_generate(request, pk):
    engagement = engagement_or_404(request.user, pk)
    try:
        plans.plan_generate(engagement, actor=request.user)
    except plans.NoRules:
        messages.error(request, NO_RULES)
    else:
        messages.success(request, _("Plan generated from the latest answers."))
    return redirect("plan-page", pk=engagement.pk)


@staff_required
@require_POST
def plan_override(request, pk):
    engagement = engagement_or_404(request.user, pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("plan-page", pk=engagement.pk)
    data = form.cleaned_data
    plans.plan_override_add(
        engagement,
        actor=request.user,
        action=data["action"],
        module=data["module"],
        value=data["value"],
        reason=data["reason"],
    )
    messages.success(request, _("Plan updated. Your change will be kept when the plan is regenerated."))
    return redirect("plan-page", pk=engagement.pk)


@staff_required
@require_POST
def plan_override_cancel(request, pk, override_id):
    engagement = engagement_or_404(request.user, pk)
    try:
        plans.plan_override_cancel(engagement, override_id, actor=request.user)
    except plans.NoRules:
        messages.error(request, NO_RULES)
    else:
        messages.success(request, _("Change cancelled."))
    return redirect("plan-page", pk=engagement.pk)


@staff_required
@require_GET
def plan_pdf(request, pk):
    engagement = engagement_or_404(request.user, pk)
    plan = TrainingPlan.objects.filter(engagement=engagement).first()
    if plan is None:
        raise Http404
    key = pdf.cache_key(plan, engagement.language)
    etag = f'"{key}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    try:
        data = pdf.plan_pdf(engagement, plan, key)
    except pdf.RenderTimeout:
        messages.error(request, _("The PDF took too long to produce. Try again in a moment."))
        return redirect("plan-page", pk=engagement.pk)
    TrainingPlan.objects.filter(pk=plan.pk).update(downloaded_at=timezone.now())
    audit(AuditEvent.Kind.PDF_DOWNLOADED, engagement=engagement, actor=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{engagement.pk}.pdf"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
