from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from people.models import PersonRedirect


class FollowsPersonRedirects:
    """A view of one person that sends an old address (kept after a merge) to the new one."""

    redirect_url_name: str

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            return moved_person(kwargs["slug"], self.redirect_url_name)


def moved_person(slug: str, url_name: str) -> HttpResponsePermanentRedirect:
    """The permanent redirect from a merged person's old `slug`; Http404 if there is none."""
    moved = PersonRedirect.objects.filter(old_slug=slug).select_related("person").first()
    if moved is None:
        raise Http404("No such person.")
    return HttpResponsePermanentRedirect(reverse(url_name, kwargs={"slug": moved.person.slug}))
