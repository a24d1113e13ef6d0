"""The rules a story meets before it goes out, and the errors a refused status change raises."""

from django.utils.html import strip_tags

HEADLINE_MAX = 110
DEK_MAX = 300


class WorkflowError(Exception):
    """A status change that cannot happen now; the message tells the editor why."""


class PublishRefused(WorkflowError):
    """Publishing or scheduling refused, with the list of what the story still lacks."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(f"Cannot publish yet. The story still needs {_and_list(missing)}.")


def publish_problems(article) -> list[str]:
    """What the story must have before readers may see it; empty when it is ready."""
    missing = []
    if not article.headline.strip():
        missing.append("a headline")
    if not strip_tags(article.body or "").strip():
        missing.append("a body")
    if not article.bylines.exists():
        missing.append("at least one byline")
    if article.section_id is None:
        missing.append("a section")
    return missing


def publish_warnings(article) -> list[str]:
    """Things an editor should look at that do not stop publication."""
    warnings = []
    image = article.lead_image
    if image is not None and not image.alt_text.strip():
        warnings.append("The lead photo has no alt text, so readers using screen readers miss it.")
    if image is not None and not image.credit.strip():
        warnings.append("The lead photo has no credit.")
    if len(article.dek) > DEK_MAX:
        warnings.append(f"The dek is {len(article.dek)} characters; aim for at most {DEK_MAX}.")
    if len(article.headline) > HEADLINE_MAX:
        warnings.append(
            f"The headline is {len(article.headline)} characters; aim for at most {HEADLINE_MAX}."
        )
    return warnings


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
