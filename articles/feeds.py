"""RSS feeds of published stories. One base class; each feed says which stories it carries."""

from django.conf import settings
from django.contrib.syndication.views import Feed

from articles.models import Article


class StoriesFeed(Feed):
    """The newest published stories about one subject (`get_object` finds it)."""

    limit = 20

    def filter_articles(self, articles, subject):
        return articles

    def items(self, subject):
        articles = self.filter_articles(Article.objects.published(), subject)
        return articles.for_listing().newest_first()[: self.limit]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.dek

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(byline.contributor.name for byline in article.bylines.all()) or None

    def site_title(self, subject) -> str:
        return f"{subject} · {settings.SITE_NAME}"
