"""The section menu every page shows, cached so a page view does not pay for it."""

from django.core.cache import cache

from articles.models import Section

CACHE_KEY = "newsroom:nav-sections"


def nav_sections() -> list[Section]:
    return cache.get_or_set(CACHE_KEY, lambda: list(Section.objects.order_by("name")), 300)


def forget_nav_sections(**kwargs) -> None:
    cache.delete(CACHE_KEY)
