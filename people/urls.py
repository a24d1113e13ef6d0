from django.urls import path

from articles.feeds import ContributorFeed, PersonFeed, feed_paths
from people import views

app_name = "people"

urlpatterns = [
    path("contributors/<slug:slug>/", views.ContributorDetailView.as_view(), name="contributor"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("outlets/<slug:slug>/", views.OutletDetailView.as_view(), name="outlet"),
    *feed_paths("contributors/<slug:slug>/", ContributorFeed, "contributor-feed"),
    *feed_paths("people/<slug:slug>/", PersonFeed, "person-feed"),
]
