from django.urls import path

from pressdesk.publicvoice import views

app_name = "publicvoice"

urlpatterns = [
    path("", views.voice_list, name="list"),
    path("export/", views.export, name="export"),
    path("statistics/", views.statistics, name="statistics"),
    path("stories/<int:pk>/", views.mark, name="mark"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/route/", views.route, name="route"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/close/", views.close, name="close"),
]
