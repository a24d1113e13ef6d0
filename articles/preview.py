"""Signed, expiring links that let someone without a login preview one story."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

# Salted for this purpose alone, so no other signed value of the site can pass as a link.
_SIGNER_SALT = "newsroom.articles.preview-link"


def preview_max_age() -> timedelta:
    return timedelta(hours=settings.PREVIEW_LINK_HOURS)


def preview_path(article) -> str:
    """The path of a fresh link to preview `article`; it works until `preview_expires_at`."""
    token = signing.TimestampSigner(salt=_SIGNER_SALT).sign(str(article.pk))
    return reverse("articles:preview", kwargs={"token": token})


def preview_expires_at():
    """When a link made now stops working."""
    return timezone.now() + preview_max_age()


def preview_article_id(token: str) -> int:
    """The story a link is for; raises `signing.BadSignature` (or its subclass
    `SignatureExpired`) for a forged, altered or expired link."""
    value = signing.TimestampSigner(salt=_SIGNER_SALT).unsign(token, max_age=preview_max_age())
    return int(value)
