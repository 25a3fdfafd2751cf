from django.urls import path

from questionnaires import views

# Under the language prefix: /r/... in French, /en/r/... in English.
client_patterns = [
    path("r/<uuid:public_id>/", views.welcome, name="client-welcome"),
    path("r/<uuid:public_id>/s/<slug:section_key>/", views.section, name="client-section"),
    path("r/<uuid:public_id>/autosave/", views.autosave, name="client-autosave"),
    path("r/<uuid:public_id>/review/", views.review, name="client-review"),
    path("r/<uuid:public_id>/submit/", views.submit, name="client-submit"),
    path("r/<uuid:public_id>/thanks/", views.thanks, name="client-thanks"),
]

# The secret link itself, as e-mailed: SITE_URL/q/<token>/
link_patterns = [
    path("q/<str:token>/", views.open_link, name="client-link"),
]
