from django.urls import path

from . import views

urlpatterns = [
    path("<str:token>/", views.submission_status, name="submission_status"),
    path("<str:token>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("<str:token>/consents/", views.submission_consents, name="submission_consents"),
    path("<str:token>/naming/", views.submission_naming, name="submission_naming"),
    path("<str:token>/approval/", views.submission_approval, name="submission_approval"),
]
