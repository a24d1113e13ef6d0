"""Reader pages cached whole, and dropped the moment a story they show changes.

Each cached page records the dependencies it was built from ("story:12", "tag:4",
"stories" for every all-stories listing, "site" for the records every page shows) and
when its rendering started. Each dependency holds the time it last changed. A page is
served from cache only if none of its dependencies changed after it started rendering,
so a takedown, an edit or a new story is seen at once, and only by the pages involved.

Scheduled stories go live, and stories expire, with no event, so no page outlives the
next such moment. Logged-in staff and preview links are never cached.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from articles.models import Article

STORIES = "stories"  # every listing of all stories: home, site feed, sitemaps, search
SITE = "site"  # sections, people, photos and tags: shown on every page, edited rarely
CORRECTIONS = "corrections"  # the page listing every correction
PAGE_PREFIX, DEPENDENCY_PREFIX = "page:", "changed:"
LOCAL_SECONDS = 30  # how long a worker-local cache keeps a remembered value


def dependency(kind: str, pk) -> str:
    return f"{kind}:{pk}"


# Recording changes.


def _mark_changed(names: set[str], at: float) -> None:
    # No expiry: a lost change time must not make an old page look current (see is_fresh).
    cache.set_many({DEPENDENCY_PREFIX + name: at for name in names}, timeout=None)


def mark_changed(names: Iterable[str]) -> None:
    """Note that `names` changed now, and again when the transaction commits.

    The second mark covers a page rendered from the old rows between the first mark and
    the commit.
    """
    names = set(names)
    if not names:
        return
    _mark_changed(names, time.time())
    transaction.on_commit(lambda: _mark_changed(names, time.time()))


def story_dependencies(article_ids: Iterable[int]) -> set[str]:
    """Everything that shows the stories: their pages and every listing they appear in."""
    from articles.models import Byline, Mention, TaggedArticle

    ids = list(article_ids)
    names = {STORIES} | {dependency("story", pk) for pk in ids}
    for row in Article.objects.filter(pk__in=ids).values("section_id", "source_outlet_id"):
        names.add(dependency("section", row["section_id"]))
        names.add(dependency("outlet", row["source_outlet_id"]))
    for row in Byline.objects.filter(article__in=ids).values(
        "contributor_id", "contributor__outlet_id"
    ):
        names.add(dependency("contributor", row["contributor_id"]))
        names.add(dependency("outlet", row["contributor__outlet_id"]))
    for tag_id in TaggedArticle.objects.filter(content_object__in=ids).values_list(
        "tag_id", flat=True
    ):
        names.add(dependency("tag", tag_id))
    for person_id in Mention.objects.filter(article__in=ids).values_list("person_id", flat=True):
        names.add(dependency("person", person_id))
    return {name for name in names if not name.endswith(":None")}


def stories_changed(article_ids: Iterable[int], *also: str) -> None:
    """The one call cache upkeep makes when stories (or their links) change."""
    mark_changed(story_dependencies(article_ids) | {n for n in also if not n.endswith(":None")})


# Serving.


def remembered(
    key: str, dependencies: list[str], compute: Callable[[], object], *, until=None
) -> object:
    """`compute()`, kept in the cache until one of `dependencies` changes or `until` passes.

    For values that are costly at scale but small: a listing's length, the next go-live.
    Like every page, they also depend on SITE.
    """
    dependencies = sorted({*dependencies, SITE})
    entry = cache.get(key)
    now = time.time()
    if entry and (entry["until"] is None or entry["until"] > now) and _is_fresh(entry):
        return entry["value"]
    value = compute()
    _start_clocks(dependencies)
    stamp = until(value) if callable(until) else until
    if not settings.NEWSROOM_SHARED_CACHE:
        # Other workers' changes never reach a local cache: keep the value briefly.
        stamp = min(stamp or now + LOCAL_SECONDS, now + LOCAL_SECONDS)
    entry = {"value": value, "deps": dependencies, "started_at": now, "until": stamp}
    cache.set(key, entry, timeout=None if stamp is None else max(1, int(stamp - now)))
    return value


def next_visibility_change(now: datetime) -> datetime | None:
    """When a story next appears or expires by the clock alone, with no save to announce it."""
    return remembered(
        "next-visibility-change",
        [STORIES],
        lambda: Article.objects.next_visibility_change(now=now),
        until=lambda at: at.timestamp() if at else None,
    )


def visibility_deadline() -> float | None:
    """The next scheduled go-live as a timestamp: remembered listings expire then."""
    at = next_visibility_change(timezone.now())
    return at.timestamp() if at else None


def is_cacheable(request: HttpRequest) -> bool:
    """Only anonymous reads are shared: logged-in staff may see drafts."""
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def _page_key(request: HttpRequest) -> str:
    # The host is part of the page: absolute URLs follow it when NEWSROOM_BASE_URL is unset.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _is_fresh(entry: dict) -> bool:
    keys = [DEPENDENCY_PREFIX + name for name in entry["deps"]]
    changed = cache.get_many(keys)
    missing = [key for key in keys if key not in changed]
    if missing:
        # Never recorded, or evicted: start the clock now and rebuild the page.
        now = time.time()
        for key in missing:
            cache.add(key, now, timeout=None)
        return False
    return all(at < entry["started_at"] for at in changed.values())


def _start_clocks(names: list[str]) -> None:
    """Record "never changed" for dependencies with no change time yet.

    Without this, a page's first dependency check would find no time and render it again.
    `add` leaves alone any time a concurrent change has just written.
    """
    keys = [DEPENDENCY_PREFIX + name for name in names]
    for key in set(keys) - set(cache.get_many(keys)):
        cache.add(key, 0.0, timeout=None)


def _etag(content: bytes) -> str:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _from_entry(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    return response


def _public(response: HttpResponse, max_age: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max(0, max_age))
    return response


def serve(
    request: HttpRequest,
    render: Callable[[], HttpResponse],
    dependencies: Callable[[], Iterable[str]],
    *,
    store: bool = True,
    shared: bool = True,
) -> HttpResponse:
    """The cached page if still fresh, else `render()` stored under its `dependencies()`.

    `shared=False` marks a page for one reader only (a preview link): never cached.
    """
    if not shared or not is_cacheable(request):
        response = render()
        patch_cache_control(response, private=True, no_store=True)
        return response
    use_cache = store and settings.NEWSROOM_PAGE_CACHE
    key = _page_key(request)
    if use_cache:
        entry = cache.get(key)
        # The page's own expiry as well as the cache's: its end is a scheduled go-live.
        if entry and entry["valid_until"] > time.time() and _is_fresh(entry):
            remaining = int(entry["valid_until"] - time.time())
            return _public(_from_entry(entry), min(settings.NEWSROOM_HTTP_MAX_AGE, remaining))

    started_at = time.time()
    now = timezone.now()
    response = render()
    if response.status_code != 200 or response.streaming:
        return response
    if hasattr(response, "render"):
        response.render()
    lifetime = settings.NEWSROOM_PAGE_CACHE_SECONDS
    if (go_live := next_visibility_change(now)) is not None:
        lifetime = min(lifetime, max(1, int((go_live - now).total_seconds())))
    response["ETag"] = _etag(response.content)
    if use_cache:
        deps = sorted(set(dependencies()) | {SITE})
        _start_clocks(deps)
        entry = {
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": response["ETag"],
            "deps": deps,
            "started_at": started_at,
            "valid_until": started_at + lifetime,
        }
        cache.set(key, entry, timeout=lifetime)
    return _public(response, min(settings.NEWSROOM_HTTP_MAX_AGE, lifetime))


def cached_view(*dependencies: str):
    """`serve` for a function view whose page depends on fixed `dependencies`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return serve(request, lambda: view(request, *args, **kwargs), lambda: dependencies)

        return wrapped

    return decorator


class CachedPageMixin:
    """A view whose anonymous GETs are served through `serve`.

    Views list what they show in `cache_dependencies()`; `page_cache = False` keeps the
    HTTP caching headers but stores nothing (search: every query is its own page), and
    `shared_page = False` makes every response private (preview links).
    """

    page_cache = True
    shared_page = True

    def dispatch(self, request, *args, **kwargs):
        parent = super().dispatch
        return serve(
            request,
            lambda: parent(request, *args, **kwargs),
            self.cache_dependencies,
            store=self.page_cache,
            shared=self.shared_page,
        )

    def cache_dependencies(self) -> Iterable[str]:
        return [STORIES]


# Cache upkeep: model signals call the one function above. No business rules here.


def remember_previous_placement(sender, instance, **kwargs):
    """Before a story moves section or source, note where it was: that listing changes too."""
    if not instance.pk:
        return
    instance._previous_placement = (
        Article.objects.filter(pk=instance.pk).values_list("section_id", "source_outlet_id").first()
    )


# Saves with raw=True are handled too: restoring a revision (django-reversion) is one.


def article_saved(sender, instance, **kwargs):
    section_id, outlet_id = getattr(instance, "_previous_placement", None) or (None, None)
    stories_changed(
        [instance.pk], dependency("section", section_id), dependency("outlet", outlet_id)
    )


def article_deleting(sender, instance, **kwargs):
    # Before the delete, while its bylines, tags and mentions still say where it was shown.
    mark_changed(story_dependencies([instance.pk]))


def link_changed(sender, instance, **kwargs):
    """A byline, mention or tagging saved or deleted: its story and the other side change."""
    kind, other_id = {
        "Byline": ("contributor", "contributor_id"),
        "Mention": ("person", "person_id"),
        "TaggedArticle": ("tag", "tag_id"),
    }[sender.__name__]
    article_id = instance.content_object_id if kind == "tag" else instance.article_id
    stories_changed([article_id], dependency(kind, getattr(instance, other_id)))


def tags_changed(sender, instance, action, pk_set=None, **kwargs):
    """taggit adds tags in bulk, announcing them with m2m_changed rather than post_save."""
    if action.startswith("post_") and isinstance(instance, Article):
        stories_changed([instance.pk], *(dependency("tag", pk) for pk in pk_set or ()))


def correction_changed(sender, instance, **kwargs):
    """A correction shows under its story and on the corrections page."""
    stories_changed([instance.article_id], CORRECTIONS)


def shared_record_changed(sender, **kwargs):
    """Sections, people, outlets, photos and tags appear across pages: start every page anew."""
    mark_changed([SITE])
