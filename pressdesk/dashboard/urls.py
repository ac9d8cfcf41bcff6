from django.urls import path

from pressdesk.dashboard import views

# Not namespaced: the home screen keeps the project's URL name "home" that every page links to.
urlpatterns = [
    path("", views.home, name="home"),
    path("home/cards/", views.layout, name="home_layout"),
]
