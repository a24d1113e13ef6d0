from django import template

from articles.search import highlight

register = template.Library()


@register.filter
def highlight_snippet(snippet: str | None):
    """A search snippet as HTML: escaped text with the matched words in <mark>."""
    return highlight(snippet)
