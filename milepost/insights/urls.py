from django.urls import path

from . import views

urlpatterns = [
    path("<int:page_id>/", views.story_view_record, name="story_view_record"),
]
