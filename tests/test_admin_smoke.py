"""Every model's admin pages load, list their rows and find one by search."""

import pytest
from django.urls import reverse
from django.utils.text import slugify

from people.models import AmbiguousMention, PersonProposal, PersonRedirect
from tests.factories import (
    ArticleFactory,
    ContributorFactory,
    ImageFactory,
    OutletFactory,
    PersonFactory,
    QuoteFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def ambiguous_mention(name: str) -> AmbiguousMention:
    flagged = AmbiguousMention.objects.create(article=ArticleFactory(), name=name)
    flagged.candidates.add(PersonFactory())
    return flagged


# Quotes, proposals and ambiguity flags come from stories, so editors cannot add them by hand.
@pytest.mark.parametrize(
    ("model", "make", "addable"),
    [
        ("articles.section", lambda name: SectionFactory(name=name), True),
        ("articles.image", lambda name: ImageFactory(caption=name), True),
        ("articles.article", lambda name: ArticleFactory(headline=name), True),
        ("people.outlet", lambda name: OutletFactory(name=name), True),
        ("people.contributor", lambda name: ContributorFactory(name=name), True),
        ("people.person", lambda name: PersonFactory(name=name), True),
        ("people.personredirect", lambda slug: PersonRedirect.objects.create(
            old_slug=slugify(slug), person=PersonFactory()), True),
        ("people.quote", lambda text: QuoteFactory(text=text), False),
        ("people.personproposal", lambda name: PersonProposal.objects.create(
            name=name, normalised_name=name.casefold()), False),
        ("people.ambiguousmention", ambiguous_mention, False),
    ],
)  # fmt: skip
def test_admin_pages_load_and_search_finds_the_record(admin_client, model, make, addable):
    found = make("Ilse Brandvold at dawn")
    make("Marten Oakes at dusk")
    url_name = "admin:" + model.replace(".", "_")

    listed = admin_client.get(reverse(f"{url_name}_changelist"))
    searched = admin_client.get(reverse(f"{url_name}_changelist"), {"q": "brandvold"})
    added = admin_client.get(reverse(f"{url_name}_add"))
    changed = admin_client.get(reverse(f"{url_name}_change", args=[found.pk]))

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2
    assert list(searched.context["cl"].result_list) == [found]
    assert added.status_code == (200 if addable else 403)
    assert changed.status_code == 200
