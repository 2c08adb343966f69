from django.urls import path

from home import views

urlpatterns = [path("suche/", views.search, name="search")]
