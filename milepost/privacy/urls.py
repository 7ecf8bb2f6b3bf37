from django.urls import path

from . import views

urlpatterns = [
    path("<str:token>/erase/", views.erasure_request, name="submission_erasure_request"),
]
