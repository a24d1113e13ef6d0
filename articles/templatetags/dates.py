from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_time(value: datetime | None) -> str:
    """ISO 8601 to the second, as HTML's datetime attribute and feed readers want it."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
