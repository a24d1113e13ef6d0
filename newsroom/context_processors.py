from django.conf import settings

from articles.navigation import nav_sections


def site(request):
    """The masthead's name and section menu for every template."""
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": nav_sections}
