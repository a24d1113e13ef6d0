"""What the admin's change forms post, for tests that save through them."""

from articles.models import Article


def article_form_data(**overrides) -> dict:
    """What the add form posts: the article's fields and its inlines' management forms."""
    data = {
        "headline": "Night ferry saved for the winter",
        "slug": "night-ferry-saved",
        "dek": "The council found the money.",
        "body": "<p>The vote was close.</p>",
        "section": "",
        "lead_image": "",
        "tags": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "source_outlet": "",
        "source_url": "",
    }
    inlines = ["bylines", "mentions", "mention_suppressions", "quotes", "related_choices"]
    return data | inline_management_forms(*inlines) | overrides


def inline_management_forms(*prefixes: str) -> dict:
    """Empty management forms for the inlines a change form posts."""
    return {
        f"{prefix}-{name}": value
        for prefix in prefixes
        for name, value in [
            ("TOTAL_FORMS", "0"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        ]
    }


def article_change_data(article: Article, **overrides) -> dict:
    """What the change form posts for a saved story, its mentions and quotes as they are."""
    data = article_form_data(
        headline=article.headline,
        slug=article.slug,
        dek=article.dek,
        body=article.body,
        section=article.section_id or "",
        tags=", ".join(sorted(article.tags.names())),
        status=article.status,
        published_at_0=article.published_at.strftime("%Y-%m-%d") if article.published_at else "",
        published_at_1=article.published_at.strftime("%H:%M:%S") if article.published_at else "",
    )
    for prefix, rows in (
        ("mentions", article.mentions.order_by("pk")),
        ("quotes", article.quotes.order_by("position")),
    ):
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for n, row in enumerate(rows):
            data[f"{prefix}-{n}-id"] = row.pk
            data[f"{prefix}-{n}-article"] = article.pk
            data[f"{prefix}-{n}-person"] = row.person_id or ""
    return data | overrides
