"""What production serving promises: a truthful health check, security headers on every
response, and compressed, content-hashed static files."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_check_fails_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "ok", "cache": "failed"}


def test_reader_pages_send_security_headers(client):
    article = ArticleFactory(published=True)

    response = client.get(article.get_absolute_url())

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_allows_only_its_own_import_map_by_hash(client):
    client.force_login(UserFactory(superuser=True))

    response = client.get(reverse("admin:articles_article_add"))

    csp = response["Content-Security-Policy"]
    assert '<script type="importmap">' in response.content.decode()
    assert "'sha256-" in csp
    assert "'unsafe-inline'" not in csp
    assert "'sha256-" not in client.get("/").get("Content-Security-Policy", "")


def test_static_files_are_compressed_and_content_hashed(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())

    css = [p.name for p in (tmp_path / "css").iterdir()]
    assert any(name.startswith("site.") and name.endswith(".css.gz") for name in css)
    assert len([n for n in css if n.startswith("site.") and n.endswith(".css")]) == 2
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    assert manifest["paths"]["css/site.css"] != "css/site.css"
