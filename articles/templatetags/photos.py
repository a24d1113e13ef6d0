"""`{% picture %}`: a photo as a responsive `<picture>`, from renditions already prefetched."""

from django import template
from django.urls import reverse

from articles.images.renditions import FORMATS, MIME_TYPES

register = template.Library()

# The width a browser without srcset support gets: sharp on most screens, not heavy.
DEFAULT_WIDTH = 800


@register.inclusion_tag("includes/picture.html")
def picture(image, *, sizes: str, alt: str = "", is_lazy: bool = False) -> dict:
    """Reads `image.renditions.all()`, which the view prefetched in the crop the page shows.

    With no renditions yet, the original stands in, sized by the browser; nothing is queued.
    """
    renditions = list(image.renditions.all())
    context = {"image": image, "alt": alt, "sizes": sizes, "is_lazy": is_lazy, "sources": []}
    fallbacks = [r for r in renditions if r.format == "jpeg"]
    if not fallbacks:
        return {**context, "src": reverse("articles:photo", args=[image.pk])} | _size(image)
    for image_format in FORMATS[:-1]:
        if matching := [r for r in renditions if r.format == image_format]:
            source = {"type": MIME_TYPES[image_format], "srcset": _srcset(matching)}
            context["sources"].append(source)
    largest = fallbacks[-1]
    src = next((r for r in fallbacks if r.width >= DEFAULT_WIDTH), largest)
    return {
        **context,
        "src": src.file.url,
        "srcset": _srcset(fallbacks),
        "width": largest.width,
        "height": largest.height,
    }


def _srcset(renditions) -> str:
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


def _size(image) -> dict:
    return {"width": image.width, "height": image.height}
