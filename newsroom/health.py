"""Operational endpoints: the health check a load balancer polls, and the benchmark baseline."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ok() -> bool:
    # A fresh key each time, so a stale value left by another worker cannot pass for this one.
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 10)
    try:
        return cache.get(key) == token
    finally:
        cache.delete(key)


@never_cache
def healthz(request):
    """200 when the database and the cache both answer, 503 naming what failed otherwise."""
    checks = {}
    for name, probe in [("database", _database_ok), ("cache", _cache_ok)]:
        try:
            checks[name] = "ok" if probe() else "failed"
        except Exception as error:  # any failure to answer is an unhealthy dependency
            logger.warning("healthz: %s check failed: %s", name, error)
            checks[name] = "failed"
    healthy = all(state == "ok" for state in checks.values())
    status = "ok" if healthy else "unavailable"
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


def bench_ping(request):
    """The cheapest Django response: what the page benchmark compares cached pages with."""
    return HttpResponse(b"pong", content_type="text/plain")
