"""Story revisions: what django-reversion keeps, and what changed between two of them.

A revision of a story holds the article and, through `follow`, its bylines, mentions and
tag links, so the history can show (and a restore bring back) all of them together.
"""

import difflib
import html
import json
import re
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from reversion.models import Revision, Version
from taggit.models import Tag

from articles.models import Article, Byline, Mention, TaggedArticle
from people.models import Contributor, Person

# The text between the end of one block element and the next is one line of the diff.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)


def revisions_register() -> None:
    """Register the story and the rows that belong to it (called once, at start-up)."""
    if reversion.is_registered(Article):
        return
    for model in (Byline, Mention, TaggedArticle):
        reversion.register(model)
    reversion.register(Article, follow=["bylines", "mentions", "tagged_items"])


@dataclass(frozen=True)
class Snapshot:
    """A story as an editor compares it: the words and who and what it is about."""

    headline: str = ""
    dek: str = ""
    body: str = ""
    bylines: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One field's difference: the lines or items taken out, and those put in."""

    label: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class HistoryEntry:
    revision: Revision
    snapshot: Snapshot
    changes: list[Change]


def snapshot_current(article: Article) -> Snapshot:
    bylines = article.bylines.select_related("contributor").order_by("position", "pk")
    return Snapshot(
        headline=article.headline,
        dek=article.dek,
        body=article.body,
        bylines=tuple(_byline_label(b.contributor.name, b.role) for b in bylines),
        tags=tuple(sorted(article.tags.names(), key=str.casefold)),
        people=tuple(sorted(article.people.values_list("name", flat=True), key=str.casefold)),
    )


def article_history(article: Article) -> list[HistoryEntry]:
    """Every revision of the story, newest first, each with what it changed."""
    versions = list(
        Version.objects.get_for_object(article).select_related("revision__user").order_by("pk")
    )
    snapshots = _snapshots(article, versions)
    entries, previous = [], Snapshot()
    for version in versions:
        snapshot = snapshots[version.revision_id]
        entries.append(HistoryEntry(version.revision, snapshot, snapshot_diff(previous, snapshot)))
        previous = snapshot
    return entries[::-1]


def snapshot_at_version(article: Article, number: int) -> Snapshot | None:
    """The story as it was saved with edit counter `number`, if a revision kept it."""
    for version in Version.objects.get_for_object(article).order_by("-pk"):
        if _article_fields(version).get("version") == number:
            return _snapshots(article, [version])[version.revision_id]
    return None


def snapshot_diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """What changed from `old` to `new`, field by field, leaving out unchanged fields."""
    pairs = [
        ("Headline", [old.headline], [new.headline]),
        ("Dek", [old.dek], [new.dek]),
        ("Body", _body_lines(old.body), _body_lines(new.body)),
        ("Bylines", old.bylines, new.bylines),
        ("Tags", old.tags, new.tags),
        ("People", old.people, new.people),
    ]
    changes = []
    for label, before, after in pairs:
        removed, added = _line_diff([b for b in before if b], [a for a in after if a])
        if removed or added:
            changes.append(Change(label, removed, added))
    return changes


def _line_diff(before: list[str], after: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    removed, added = [], []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += before[i1:i2]
            added += after[j1:j2]
    return tuple(removed), tuple(added)


def _body_lines(body: str) -> list[str]:
    """The body as readable text, one paragraph (or heading, or list item) a line."""
    lines = (html.unescape(strip_tags(chunk)).strip() for chunk in _BLOCK_END.split(body or ""))
    return [line for line in lines if line]


def _snapshots(article: Article, versions: list[Version]) -> dict[int, Snapshot]:
    """Rebuild the story at each version's revision, from the rows that revision kept.

    A constant number of queries: the related versions, then the names they point at.
    """
    revision_ids = [v.revision_id for v in versions]
    types = ContentType.objects.get_for_models(Byline, Mention, TaggedArticle)
    related = Version.objects.filter(
        revision__in=revision_ids, content_type__in=types.values()
    ).order_by("pk")
    rows: dict[int, dict[type, list[dict]]] = {rid: {} for rid in revision_ids}
    for version in related:
        model = next(m for m, ct in types.items() if ct.pk == version.content_type_id)
        fields = _article_fields(version)
        key = "content_object" if model is TaggedArticle else "article"
        if fields.get(key) == article.pk:
            rows[version.revision_id].setdefault(model, []).append(fields)

    def ids(model, name):
        return {r[name] for per in rows.values() for r in per.get(model, [])}

    contributors = Contributor.objects.in_bulk(ids(Byline, "contributor"))
    people = Person.objects.in_bulk(ids(Mention, "person"))
    tags = Tag.objects.in_bulk(ids(TaggedArticle, "tag"))

    def name(found: dict, pk: int, kind: str) -> str:
        return found[pk].name if pk in found else f"(deleted {kind} {pk})"

    snapshots = {}
    for version in versions:
        fields = _article_fields(version)
        kept = rows[version.revision_id]
        bylines = sorted(kept.get(Byline, []), key=lambda r: (r["position"], r.get("pk", 0)))
        snapshots[version.revision_id] = Snapshot(
            headline=fields.get("headline", ""),
            dek=fields.get("dek", ""),
            body=fields.get("body", ""),
            bylines=tuple(
                _byline_label(name(contributors, b["contributor"], "contributor"), b["role"])
                for b in bylines
            ),
            tags=tuple(
                sorted(
                    (name(tags, r["tag"], "tag") for r in kept.get(TaggedArticle, [])),
                    key=str.casefold,
                )
            ),
            people=tuple(
                sorted(
                    (name(people, r["person"], "person") for r in kept.get(Mention, [])),
                    key=str.casefold,
                )
            ),
        )
    return snapshots


def _article_fields(version: Version) -> dict:
    """A version's stored fields, read straight from its JSON (no model instance needed)."""
    (record,) = json.loads(version.serialized_data)
    return {**record["fields"], "pk": record["pk"]}


def _byline_label(name: str, role: str) -> str:
    return f"{name} ({Byline.Role(role).label})" if role in Byline.Role.values else name
