from django.conf import settings


def site(request):
    """The site's name for every template, so the masthead never needs a query."""
    return {"SITE_NAME": settings.SITE_NAME}
