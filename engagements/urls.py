from django.urls import path

from engagements import exports, views

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path("engagements/new/", views.engagement_create, name="engagement-create"),
    path("engagements/export.<str:fmt>", exports.export_all, name="engagements-export"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/edit/", views.engagement_edit, name="engagement-edit"),
    path("engagements/<int:pk>/archive/", views.engagement_archive, name="engagement-archive"),
    path("engagements/<int:pk>/delete/", views.engagement_delete, name="engagement-delete"),
    path("engagements/<int:pk>/export.<str:fmt>", exports.export_one, name="engagement-export"),
    path(
        "engagements/<int:pk>/links/<str:kind>/<str:action>/",
        views.link_action,
        name="engagement-link-action",
    ),
    path("engagements/<int:pk>/uploads/<int:upload_id>/", views.upload_download, name="engagement-upload"),
]
