from django.urls import path

from . import views

urlpatterns = [
    # Before the status pages' "<token>/": "all" is never a status token (those are 43 long).
    path("all/", views.story_list_request, name="story_list_request"),
    path("all/<str:token>/", views.story_list, name="story_list"),
    path("<str:token>/erase/", views.erasure_request, name="submission_erasure_request"),
]
