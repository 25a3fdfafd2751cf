from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from portal.health import healthz
from questionnaires.urls import client_patterns, link_patterns


class SiteUrlPasswordResetView(auth_views.PasswordResetView):
    """Password reset whose e-mail links start with SITE_URL, not with whatever Host the request named."""

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


auth_patterns = [
    path("login/", auth_views.LoginView.as_view(template_name="staff/auth/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        SiteUrlPasswordResetView.as_view(
            template_name="staff/auth/password_reset_form.html",
            email_template_name="emails/password_reset-body.txt",
            html_email_template_name="emails/password_reset-body.html",
            subject_template_name="emails/password_reset-subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="staff/auth/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="staff/auth/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="staff/auth/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    *link_patterns,
]

# French is served without a prefix, English under /en/. The language switch sits inside the prefix
# so that it can resolve the page it was sent from and return its translated address.
urlpatterns += i18n_patterns(
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include(auth_patterns)),
    path("admin/", admin.site.urls),
    path("", include(client_patterns)),
    path("", include("training.urls")),
    path("", include("training.plan_urls")),
    path("", include("engagements.urls")),
    prefix_default_language=False,
)
