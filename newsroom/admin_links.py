from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html


def changelist_link(model_admin: admin.ModelAdmin, changelist: str, count: int, **filters) -> str:
    """`count` as a link to another model's changelist (e.g. "articles_article") narrowed by
    `filters`, so a number in one list opens the records it counts."""
    url = reverse(f"{model_admin.admin_site.name}:{changelist}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(filters), count)
