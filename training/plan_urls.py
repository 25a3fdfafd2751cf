from django.urls import path

from training import plan_views

urlpatterns = [
    path("engagements/<int:pk>/plan/", plan_views.plan_page, name="plan-page"),
    path("engagements/<int:pk>/plan/generate/", plan_views.plan_generate, name="plan-generate"),
    path("engagements/<int:pk>/plan/overrides/", plan_views.plan_override, name="plan-override"),
    path(
        "engagements/<int:pk>/plan/overrides/<int:override_id>/cancel/",
        plan_views.plan_override_cancel,
        name="plan-override-cancel",
    ),
    path("engagements/<int:pk>/plan.pdf", plan_views.plan_pdf, name="plan-pdf"),
]
