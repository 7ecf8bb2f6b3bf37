from django.urls import path

from . import views

urlpatterns = [
    path("<str:token>/", views.book_permission, name="book_permission"),
    path("<str:token>/answer/", views.book_permission_answer, name="book_permission_answer"),
    path("<str:token>/revoke/", views.book_permission_revoke, name="book_permission_revoke"),
    path(
        "<str:token>/photos/<int:number>/",
        views.book_permission_photo,
        name="book_permission_photo",
    ),
]
