"""Absolute URLs for canonical links, feeds, sitemaps and structured data."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """`path` on the public site: NEWSROOM_BASE_URL when set, else the request's own host.

    URLs that are already absolute (media on a CDN, say) pass through unchanged.
    """
    if path.startswith(("http://", "https://")):
        return path
    if settings.NEWSROOM_BASE_URL:
        return settings.NEWSROOM_BASE_URL + path
    if request is None:
        raise ValueError("set NEWSROOM_BASE_URL to build absolute URLs outside a request")
    return request.build_absolute_uri(path)


def canonical_path(request: HttpRequest) -> str:
    """The page's own path, keeping only the query parameters that change what it shows."""
    params = {}
    is_search = request.resolver_match and request.resolver_match.url_name == "search"
    if is_search and request.GET.get("q", "").strip():
        params["q"] = request.GET["q"].strip()
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        params["page"] = int(page)
    return request.path + (f"?{urlencode(params)}" if params else "")
