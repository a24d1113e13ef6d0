"""Newsroom settings. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# The fallback key only exists so a fresh clone runs; production must set its own.
SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-local-development-key-change-me")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = env("NEWSROOM_SITE_NAME", "Newsroom")
# The public address (e.g. https://news.example.org): canonical links, feeds, sitemaps,
# structured data and exports start with it. Unset, pages follow the request's own scheme
# and host, and exports (made outside any request) use the local address.
NEWSROOM_BASE_URL = env("NEWSROOM_SITE_URL").rstrip("/")
SITE_URL = NEWSROOM_BASE_URL or "http://127.0.0.1:8000"
# ISO 639 code of the stories' language, for the Google News sitemap and Open Graph.
NEWSROOM_LANGUAGE = env("NEWSROOM_LANGUAGE", "en")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "django_prose_editor",
    "csp",
    "people",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "newsroom.security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# SQLite by default, tuned so a reader and an importer can work at once: WAL lets reads run
# beside a write, IMMEDIATE takes the write lock up front instead of failing mid-transaction,
# and the timeout makes a second writer wait rather than raise "database is locked".
SQLITE_DATABASE = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
    "OPTIONS": {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    },
}
DATABASES = {
    "default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60, conn_health_checks=True)
    if env("DATABASE_URL")
    else SQLITE_DATABASE
}

if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    # Room for the page cache (articles/cache.py): a few thousand pages per process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Photo originals keep their EXIF (GPS, camera owner): outside MEDIA_ROOT, so the web
    # server never serves them. Staff see them through the admin; readers get renditions.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("NEWSROOM_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")),
            "base_url": None,
        },
    },
    # Manifest storage breaks templates when collectstatic has not run, so only use it
    # where static files are collected (production, DEBUG off).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("NEWSROOM_PLAIN_STATIC")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # django-storages reads AWS_* (bucket, endpoint URL, keys) from the environment itself.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Originals go to a private bucket (or a private prefix of the same one), read only
    # through short-lived signed URLs.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_PRIVATE_BUCKET_NAME") or env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "location": "" if env("AWS_PRIVATE_BUCKET_NAME") else "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TAGGIT_CASE_INSENSITIVE = True

LOGIN_URL = "admin:login"

# Rendered reader pages are cached and revalidated against per-story and per-listing
# change times (articles/cache.py). The change times live in the cache, so only a cache
# every worker shares (Redis) tells them all; with local memory, pages are not cached
# unless asked, and remembered counts last seconds. Browsers and proxies may reuse a page
# for HTTP_MAX_AGE.
NEWSROOM_SHARED_CACHE = env_bool("NEWSROOM_SHARED_CACHE", bool(env("REDIS_URL")))
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", NEWSROOM_SHARED_CACHE)
NEWSROOM_PAGE_CACHE_SECONDS = int(env("NEWSROOM_PAGE_CACHE_SECONDS", "300"))
NEWSROOM_HTTP_MAX_AGE = int(env("NEWSROOM_HTTP_MAX_AGE", "60"))
# Uploaded media served by Django itself, for local checks and the benchmark with DEBUG
# off. In production the reverse proxy or S3 serves media instead.
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA")
# A trivial view at /bench/ping/, the baseline the page benchmark compares against.
NEWSROOM_BENCH_PING = env_bool("NEWSROOM_BENCH_PING")

# Content-Security-Policy: no inline scripts or styles anywhere. JSON-LD blocks are data,
# not script, so they need no nonce; the admin's rich-text editor's import map is allowed
# by its hash alone (newsroom/security.py).
_MEDIA_ORIGINS = [
    f"https://{host}"
    for host in [env("AWS_S3_CUSTOM_DOMAIN"), env("AWS_S3_ENDPOINT_URL").split("://")[-1]]
    if host
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Nothing on the site needs these browser features; an injected script cannot ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    ]
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Production hardening. Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=on.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}

# Uploaded photos: larger files, or more pixels (a decompression bomb), are refused.
NEWSROOM_IMAGE_MAX_BYTES = int(env("NEWSROOM_IMAGE_MAX_BYTES", str(40 * 1024 * 1024)))
NEWSROOM_IMAGE_MAX_PIXELS = int(env("NEWSROOM_IMAGE_MAX_PIXELS", str(80_000_000)))

# How many stories a listing page shows, and how many related stories an article shows.
PAGE_SIZE = 12
RELATED_LIMIT = 5
# How many stories a feed carries.
NEWSROOM_FEED_SIZE = 30
# How wide a range of ids one sitemap covers, so none exceeds the 50,000-URL limit.
NEWSROOM_SITEMAP_SIZE = 10_000
# How long a shared preview link for an unpublished story keeps working.
PREVIEW_LINK_HOURS = int(env("NEWSROOM_PREVIEW_LINK_HOURS", "72"))
# Related lists keep a few spares, so a story taken down leaves the block full.
RELATED_STORED = 10
# Candidates are looked for this close in time first (the decay makes older ones weak), and
# a story published enters the lists of at most this many of the stories it shares most with.
RELATED_WINDOW_DAYS = 60
RELATED_OFFERED = 20
# How a related story scores: per shared named person, per shared tag, for the same section,
# all halved for every `half_life_days` between the two stories' publication.
NEWSROOM_RELATED_WEIGHTS = {"person": 3.0, "tag": 1.0, "section": 0.5, "half_life_days": 30.0}
# Someone named after an office title ("Israeli Prime Minister Benjamin Netanyahu") is
# registered at once; off, they wait as proposals for an editor like everyone else.
NEWSROOM_REGISTER_TITLED_PEOPLE = env_bool("NEWSROOM_REGISTER_TITLED_PEOPLE", True)
