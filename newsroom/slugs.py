"""Unique slugs for records an import creates."""

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, fallback: str) -> str:
    """slugify(text), or `fallback` when nothing is left of it, with "-2", "-3"… if taken."""
    max_length = model._meta.get_field("slug").max_length
    base = (slugify(text) or fallback)[:max_length].strip("-")
    # One query fetches every slug a suffixed candidate could collide with.
    stem = base[: max_length - 8]
    taken = set(model._default_manager.filter(slug__startswith=stem).values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
