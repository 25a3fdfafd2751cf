from django.urls import path

from engagements import views

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
]
