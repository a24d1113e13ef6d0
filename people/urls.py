from django.urls import path

from people import views
from people.feeds import PersonFeed

app_name = "people"

urlpatterns = [
    path("contributors/<slug:slug>/", views.ContributorDetailView.as_view(), name="contributor"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("people/<slug:slug>/feed/", PersonFeed(), name="person_feed"),
    path("outlets/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet"),
]
