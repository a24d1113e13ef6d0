"""Helpers the import tests share: run an import, count rows, find the fixtures."""

from pathlib import Path

from taggit.models import Tag

from articles.importers.runner import import_paths
from articles.models import Article, Byline, Image, Mention, Section
from people.models import Alias, Contributor, Outlet, Person

DATA = Path(__file__).resolve().parents[1] / "data"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def run(*paths: Path, **kwargs):
    return import_paths(paths=list(paths), **kwargs)


def row_counts() -> dict[str, int]:
    models = (Article, Byline, Image, Mention, Section, Contributor, Outlet, Person, Alias, Tag)
    return {model.__name__: model.objects.count() for model in models}


def counts(report, *names: str) -> dict[str, int]:
    every = report.counts()
    return {name: every[name] for name in names} if names else every


def shared(*parts: str) -> Path:
    """A file or folder under ../shared, or a skip that says it is missing."""
    import pytest

    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is not here: {path}")
    return path
