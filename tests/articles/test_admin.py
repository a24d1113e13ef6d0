import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article, Byline, Mention, MentionSuppression
from people.models import Quote
from tests.articles.admin_forms import article_form_data, change_form_data, change_url
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    ImageFactory,
    MentionFactory,
    PersonFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def make_story(*, bylines: int = 0, **kwargs) -> Article:
    article = ArticleFactory(**kwargs)
    for position in range(bylines):
        BylineFactory(article=article, position=position)
    return article


# The article changelist.


def test_article_search_finds_contributor_person_and_tag_names(admin_client):
    by_rhea = make_story()
    BylineFactory(article=by_rhea, contributor=ContributorFactory(name="Rhea Calloway"))
    about_tomas = make_story()
    MentionFactory(article=about_tomas, person=PersonFactory(name="Tomas Lindqvist"))
    tagged = make_story(tags=["lighthouses"])
    make_story(bylines=2, tags=["weather"])

    by_name = admin_client.get(CHANGELIST, {"q": "calloway"})
    by_person = admin_client.get(CHANGELIST, {"q": "lindqvist"})
    by_tag = admin_client.get(CHANGELIST, {"q": "lighthouse"})

    assert list(by_name.context["cl"].result_list) == [by_rhea]
    assert list(by_person.context["cl"].result_list) == [about_tomas]
    assert list(by_tag.context["cl"].result_list) == [tagged]


def test_article_changelist_shows_bylines_in_order(admin_client):
    article = make_story()
    BylineFactory(article=article, contributor=ContributorFactory(name="Zed Second"), position=2)
    BylineFactory(article=article, contributor=ContributorFactory(name="Ada First"), position=1)

    response = admin_client.get(CHANGELIST)

    assert "Ada First, Zed Second" in response.content.decode()


def test_article_changelist_shows_lead_image_thumbnail(admin_client):
    image = ImageFactory(alt_text="Ferries moored at dawn")
    make_story(lead_image=image)

    html = admin_client.get(CHANGELIST).content.decode()

    # No renditions yet: the private original, through the staff-only view.
    original = reverse("admin:articles_image_original", args=[image.pk])
    assert f'<img src="{original}" alt="Ferries moored at dawn" width="60"' in html


def test_article_changelist_has_no_thumbnail_for_image_without_file(admin_client):
    make_story(lead_image=ImageFactory(file=""))

    html = admin_client.get(CHANGELIST).content.decode()

    assert '<td class="field-thumbnail"></td>' in html


@pytest.mark.parametrize("stories", [3, 15])
def test_article_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, stories
):
    for _ in range(stories):
        make_story(bylines=3, lead_image=ImageFactory(), tags=["harbour"])

    # Session, user, section filter, two counts, rows, bylines, two for the date drill-down,
    # and the lead photos' renditions, which give the thumbnails.
    with django_assert_max_num_queries(10):
        response = admin_client.get(CHANGELIST)

    assert response.context["cl"].result_count == stories


def test_article_changelist_lists_drafts_before_published_stories(admin_client):
    published = make_story(published=True)
    draft = make_story()

    response = admin_client.get(CHANGELIST)

    assert list(response.context["cl"].result_list) == [draft, published]


def test_contributor_filter_narrows_to_their_stories(admin_client):
    contributor = ContributorFactory(name="Rhea Calloway")
    theirs = make_story()
    BylineFactory(article=theirs, contributor=contributor, role=Byline.Role.WRITER)
    BylineFactory(article=theirs, contributor=contributor, role=Byline.Role.PHOTOGRAPHER)
    make_story(bylines=1)

    response = admin_client.get(CHANGELIST, {"contributor": contributor.pk})

    assert list(response.context["cl"].result_list) == [theirs]
    assert "Rhea Calloway" in response.content.decode()


def test_person_filter_narrows_to_stories_mentioning_them(admin_client):
    mention = MentionFactory()
    MentionFactory()

    response = admin_client.get(CHANGELIST, {"person": mention.person.pk})

    assert list(response.context["cl"].result_list) == [mention.article]


def test_person_filter_with_unknown_person_shows_nothing(admin_client):
    make_story()

    response = admin_client.get(CHANGELIST, {"person": "999999"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


# The article form.


def test_article_change_page_links_to_reader_url(admin_client):
    article = make_story(slug="night-ferry-saved")

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert 'href="/stories/night-ferry-saved/"' in response.content.decode()


def test_article_form_offers_tag_suggestions_with_plain_text_fallback(admin_client):
    article = make_story(tags=["harbour", "night ferry"])

    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()

    assert 'type="text" name="tags"' in html
    assert 'value="&quot;night ferry&quot;, harbour"' in html
    assert "data-tag-suggest-url=" in html
    assert "js/admin-tags.js" in html


def test_article_add_form_saves_bylines_mentions_and_tags(admin_client):
    section = SectionFactory()
    writer = ContributorFactory()
    person = PersonFactory()
    data = article_form_data(
        section=section.pk,
        tags="harbour, night ferry",
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-position": "1",
            "bylines-0-contributor": writer.pk,
            "bylines-0-role": Byline.Role.WRITER,
            "mentions-TOTAL_FORMS": "1",
            "mentions-0-person": person.pk,
        },
    )

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="night-ferry-saved")
    assert article.section == section
    assert sorted(article.tags.names()) == ["harbour", "night ferry"]
    assert [(b.contributor, b.role) for b in article.bylines.all()] == [
        (writer, Byline.Role.WRITER)
    ]
    assert list(article.people.all()) == [person]


def test_article_add_form_strips_scripts_from_body(admin_client):
    data = article_form_data(body="<p>Hello</p><script>alert('x')</script>")

    admin_client.post(reverse("admin:articles_article_add"), data)

    assert Article.objects.get(slug="night-ferry-saved").body == "<p>Hello</p>"


# Tag suggestions come from the admin's own autocomplete view.


def suggest_tags(client, term: str):
    """Ask the admin's autocomplete view for tags, as the article form's script does."""
    query = {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": term}
    return client.get(reverse("admin:autocomplete"), query)


def test_tag_suggestions_return_matching_names_for_staff(admin_client):
    make_story(tags=["harbour", "harbour master", "weather"])

    response = suggest_tags(admin_client, "harb")

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["harbour", "harbour master"]


def test_tag_suggestions_refuse_anonymous_users(client):
    make_story(tags=["harbour"])

    response = suggest_tags(client, "harb")

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_tag_suggestions_refuse_staff_who_cannot_view_tags(client):
    client.force_login(UserFactory(is_staff=True))

    response = suggest_tags(client, "harb")

    assert response.status_code == 403


# Publishing from the changelist.


def post_action(client, action: str, articles) -> object:
    data = {"action": action, "_selected_action": [a.pk for a in articles]}
    return client.post(CHANGELIST, data, follow=True)


def test_publish_action_publishes_selected_drafts(admin_client):
    drafts = [make_story(bylines=1), make_story(bylines=1)]
    untouched = make_story(bylines=1)

    response = post_action(admin_client, "publish_articles", drafts)

    for draft in drafts:
        draft.refresh_from_db()
        assert draft.status == Article.Status.PUBLISHED
        assert draft.published_at is not None
    untouched.refresh_from_db()
    assert untouched.status == Article.Status.DRAFT
    assert "2 stories published." in [str(m) for m in response.context["messages"]]


def test_publish_action_counts_only_stories_that_changed_and_says_why_not(admin_client):
    stories = [
        make_story(bylines=1, headline="Ready"),
        make_story(bylines=1, published=True, headline="Live"),
        make_story(headline="Unsigned"),
    ]

    response = post_action(admin_client, "publish_articles", stories)

    messages = [str(m) for m in response.context["messages"]]
    assert "1 story published." in messages
    assert "“Live”: This story is already published." in messages
    assert "“Unsigned”: Cannot publish yet. The story still needs at least one byline." in messages


def test_unpublish_action_takes_stories_down(admin_client):
    story = make_story(published=True)

    response = post_action(admin_client, "unpublish_articles", [story])

    story.refresh_from_db()
    assert story.status == Article.Status.UNPUBLISHED
    assert not story.is_published
    assert "1 story unpublished." in [str(m) for m in response.context["messages"]]


def test_publish_action_needs_change_permission(client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    draft = make_story()

    post_action(client, "publish_articles", [draft])

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


# Saving a story reads it for people and quotes; editors' changes are theirs to keep.


def test_saving_a_story_finds_its_people_and_quotes_for_review(admin_client):
    data = article_form_data(
        body="<p>Mayor Tobias Renner opened the pier.</p>"
        "<p>“It is a good day for the union,” a dock worker said.</p>"
    )

    response = admin_client.post(reverse("admin:articles_article_add"), data, follow=True)

    article = Article.objects.get()
    assert list(article.people.values_list("name", "office")) == [("Tobias Renner", "Mayor")]
    html = response.content.decode()
    assert "Read the story: 1 person and 1 quote. 1 quote(s) need a speaker." in html
    assert "Registered: Tobias Renner." in html
    form = admin_client.get(change_url(article)).content.decode()
    assert "It is a good day for the union" in form
    assert "Tobias Renner <small>(Found in the text)</small>" in form


def test_a_person_removed_in_the_form_is_not_detected_back(admin_client):
    person = PersonFactory(name="Odile Marchetti")
    article = ArticleFactory(body="<p>Odile Marchetti opened the pier.</p>")
    admin_client.post(change_url(article), change_form_data(article))
    assert list(article.people.all()) == [person]

    admin_client.post(change_url(article), change_form_data(article, **{"mentions-0-DELETE": "on"}))
    admin_client.post(change_url(article), change_form_data(article))

    assert list(article.people.all()) == []
    assert MentionSuppression.objects.filter(article=article, person=person).exists()


def test_a_person_added_in_the_form_stays_on_later_saves(admin_client):
    person = PersonFactory(name="Piet Moreau")
    article = ArticleFactory(body="<p>The council met.</p>")
    data = change_form_data(
        article, **{"mentions-TOTAL_FORMS": "1", "mentions-0-person": person.pk}
    )

    admin_client.post(change_url(article), data)
    admin_client.post(change_url(article), change_form_data(article))

    assert list(article.mentions.values_list("person__name", "origin")) == [
        ("Piet Moreau", Mention.Origin.MANUAL)
    ]


def test_an_unclear_quote_is_attributed_in_the_story_form(admin_client):
    article = ArticleFactory(body="<p>“It is a good day for the union,” a dock worker said.</p>")
    admin_client.post(change_url(article), change_form_data(article))
    speaker = PersonFactory(name="Mara Quill")

    admin_client.post(
        change_url(article), change_form_data(article, **{"quotes-0-person": speaker.pk})
    )
    admin_client.post(change_url(article), change_form_data(article))

    quote = article.quotes.get()
    assert (quote.person, quote.attribution) == (speaker, Quote.Attribution.EDITOR)
