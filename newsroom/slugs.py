"""Unique slugs for records an import creates."""

from collections.abc import Container

from django.db import models
from django.utils.text import slugify

# Suffixes tried with one indexed look-up before falling back to a prefix search.
_LIKELY_SUFFIXES = 20


def unique_slug(model: type[models.Model], text: str, *, fallback: str) -> str:
    """slugify(text), or `fallback` when nothing is left of it, with "-2", "-3"… if taken."""
    max_length = model._meta.get_field("slug").max_length
    base = slug_base(text, fallback=fallback, max_length=max_length)
    slugs = model._default_manager.values_list("slug", flat=True)
    # The base and its first suffixes, by the unique index: one cheap query, however big
    # the table. Only a slug taken that many times needs the prefix search.
    candidates = [_suffixed(base, n, max_length) for n in range(1, _LIKELY_SUFFIXES + 1)]
    taken = set(slugs.filter(slug__in=candidates))
    if len(taken) == len(candidates):
        taken = set(slugs.filter(slug__startswith=base[: max_length - 8]))
    return free_slug(base, taken=taken, max_length=max_length)


def slug_base(text: str, *, fallback: str, max_length: int) -> str:
    return (slugify(text) or fallback)[:max_length].strip("-")


def free_slug(base: str, *, taken: Container[str], max_length: int) -> str:
    """`base`, or the first of "base-2", "base-3"… that is not taken."""
    n = 1
    while (candidate := _suffixed(base, n, max_length)) in taken:
        n += 1
    return candidate


def _suffixed(base: str, n: int, max_length: int) -> str:
    if n == 1:
        return base
    suffix = f"-{n}"
    return base[: max_length - len(suffix)].rstrip("-") + suffix
