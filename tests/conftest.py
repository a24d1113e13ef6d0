import pytest
from django.conf import settings as django_settings
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def plain_http():
    """Tests speak plain HTTP and render without collectstatic, live server included.

    Session-wide, so the browser tests' live server starts with it too.
    """
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a throwaway folder, never the project's media/.

    Photo originals get their own folder beside it, as the private storage does in use.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    private = {"location": tmp_path / "private", "base_url": None}
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": private},
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
