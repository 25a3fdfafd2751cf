from django.urls import path

from training import views

urlpatterns = [
    path("notes/", views.notes_index, name="notes-index"),
    path("notes/<slug:slug>/", views.note_page, name="notes-page"),
    path("notes/<slug:slug>/edit/", views.note_edit, name="notes-edit"),
    path("notes/<slug:slug>/history/", views.note_history, name="notes-history"),
]
