from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("stories/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("stories/<slug:slug>.ninjs.json", views.ArticleNinjsView.as_view(), name="ninjs"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("photos/<int:pk>/", views.photo_fallback, name="photo"),
]
