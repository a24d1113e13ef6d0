from django.conf import settings

from articles.navigation import nav_sections
from newsroom.absolute import absolute_url, canonical_path


def site(request):
    """The masthead's name, section menu and the page's canonical URL for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_LANGUAGE": settings.NEWSROOM_LANGUAGE,
        "nav_sections": nav_sections,
        "canonical_url": lambda: absolute_url(canonical_path(request), request),
    }
