import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Inside <script>, only these characters could end the element or open a comment; as JSON
# escapes they mean the same to a JSON parser.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.simple_tag
def json_ld(data: dict | None) -> SafeString:
    """A `<script type="application/ld+json">` block. It is data, never run as script."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def meta_tags(tags: list[tuple[str, str, str]] | None) -> SafeString:
    """`<meta>` elements from (attribute, name, content) triples, e.g. Open Graph tags."""
    return format_html_join("\n  ", '<meta {}="{}" content="{}">', tags or [])
