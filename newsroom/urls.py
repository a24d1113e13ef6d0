from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import sitemaps
from newsroom import health

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsdesk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemaps/news.xml", sitemaps.news_sitemap, name="sitemap-news"),
    path("sitemaps/<slug:kind>-<int:number>.xml", sitemaps.sitemap, name="sitemap"),
    path("", include("people.urls")),
    path("", include("articles.urls")),
]

if settings.NEWSROOM_BENCH_PING:
    urlpatterns.append(path("bench/ping/", health.bench_ping, name="bench-ping"))

if settings.DEBUG or settings.NEWSROOM_SERVE_MEDIA:
    from django.views.static import serve

    media = settings.MEDIA_URL.strip("/")
    urlpatterns.append(
        re_path(rf"^{media}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
