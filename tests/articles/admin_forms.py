"""What the story form in the admin posts, built the way the browser would build it."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Article


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _formset(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data |= {f"{prefix}-{n}-{key}": value for key, value in row.items()}
    return data


def _split(value) -> tuple[str, str]:
    if value is None:
        return "", ""
    local = timezone.localtime(value)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def article_form_data(**overrides) -> dict:
    """What the add form posts: the article's fields and every inline's management form."""
    data = {
        "headline": "Night ferry saved for the winter",
        "slug": "night-ferry-saved",
        "dek": "The council found the money.",
        "body": "<p>The vote was close.</p>",
        "plain_text": "",
        "section": "",
        "lead_image": "",
        "tags": "",
        "published_at_0": "",
        "published_at_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
        "source_outlet": "",
        "source_url": "",
    }
    data |= empty_inlines(*ARTICLE_INLINES)
    return data | overrides


ARTICLE_INLINES = (
    "bylines",
    "mentions",
    "mention_suppressions",
    "quotes",
    "related_choices",
    "corrections",
    "editorial_notes",
)


def empty_inlines(*prefixes: str) -> dict:
    """Management forms for inlines that post no rows."""
    data = {}
    for prefix in prefixes:
        data |= _formset(prefix, [])
    return data


def change_form_data(article: Article, **overrides) -> dict:
    """What the change form posts for `article` as it is now, opened at its current version."""
    article = Article.objects.get(pk=article.pk)
    published = _split(article.published_at)
    expires = _split(article.expires_at)
    bylines = [
        {
            "id": b.pk,
            "article": article.pk,
            "position": b.position,
            "contributor": b.contributor_id,
            "role": b.role,
        }
        for b in article.bylines.all()
    ]
    mentions = [
        {"id": m.pk, "article": article.pk, "person": m.person_id} for m in article.mentions.all()
    ]
    quotes = [
        {"id": q.pk, "article": article.pk, "person": q.person_id or ""}
        for q in article.quotes.order_by("position")
    ]
    data = article_form_data(
        headline=article.headline,
        slug=article.slug,
        dek=article.dek,
        body=article.body,
        section=article.section_id or "",
        lead_image=article.lead_image_id or "",
        tags=", ".join(sorted(article.tags.names())),
        published_at_0=published[0],
        published_at_1=published[1],
        expires_at_0=expires[0],
        expires_at_1=expires[1],
        edit_version=article.version,
        **_formset("bylines", bylines),
        **_formset("mentions", mentions),
        **_formset("quotes", quotes),
    )
    return data | overrides
