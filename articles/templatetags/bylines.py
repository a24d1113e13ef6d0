from itertools import groupby

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# In print order: writers first, then the other credits.
ROLE_LEADS = {
    "writer": "By",
    "photographer": "Photos by",
    "contributor": "Additional reporting by",
    "editor": "Edited by",
}


def _join(parts: list[SafeString]) -> SafeString:
    """ "A", "A and B", "A, B and C": the way a newspaper prints a list of names."""
    if len(parts) < 2:
        return parts[0] if parts else mark_safe("")
    head = format_html_join(", ", "{}", ((part,) for part in parts[:-1]))
    return format_html("{} and {}", head, parts[-1])


def _credit(bylines) -> SafeString:
    """Names linked to their pages, each group of colleagues followed by its outlet once."""
    groups = []
    for outlet, same_outlet in groupby(bylines, key=lambda b: b.contributor.outlet):
        names = _join(
            [
                format_html('<a href="{}">{}</a>', b.contributor.get_absolute_url(), b.contributor)
                for b in same_outlet
            ]
        )
        if outlet:
            names = format_html(
                '{}, <a class="outlet" href="{}">{}</a>', names, outlet.get_absolute_url(), outlet
            )
        groups.append(names)
    return _join(groups)


@register.simple_tag
def byline(article) -> SafeString:
    """The printed credit, e.g. "By Vered Weiss, World Israel News", from prefetched bylines."""
    lines = []
    roles = list(ROLE_LEADS)
    ordered = sorted(article.bylines.all(), key=lambda b: roles.index(b.role))
    for role, credited in groupby(ordered, key=lambda b: b.role):
        names = _credit(list(credited))
        lines.append(format_html('<span class="credit">{} {}</span>', ROLE_LEADS[role], names))
    return format_html_join(" ", "{}", ((line,) for line in lines))
