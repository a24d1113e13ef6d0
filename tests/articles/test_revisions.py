"""Every save keeps a revision; the history shows what changed; any revision comes back;
and a save from a form opened before someone else's save is refused, losing nothing."""

import pytest
from django.urls import reverse
from reversion.models import Revision, Version

from articles.models import Article, Byline
from articles.revisions import Snapshot, snapshot_diff
from tests.articles.admin_forms import change_form_data, change_url
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    MentionFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def history_url(article: Article) -> str:
    return reverse("admin:articles_article_history", args=[article.pk])


def save_through_admin(client, article: Article, **changes):
    response = client.post(change_url(article), change_form_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def story(editor):
    article = ArticleFactory(
        created_by=editor,
        headline="Ferry saved",
        body="<p>The council voted.</p><p>It was close.</p>",
        tags=["ferries"],
    )
    BylineFactory(article=article, contributor=ContributorFactory(name="Rhea Marlow"))
    MentionFactory(article=article, person=PersonFactory(name="Lena Dahl"))
    return article


def test_every_admin_save_keeps_a_revision_with_who_and_what(client, editor, story):
    client.force_login(editor)

    save_through_admin(client, story, headline="Ferry saved for winter")
    save_through_admin(client, story, dek="A new dek")

    revisions = Revision.objects.order_by("pk")
    assert [r.user for r in revisions] == [editor, editor]
    assert "Changed Headline" in revisions[0].get_comment()


def test_history_shows_a_readable_diff_of_words_bylines_tags_and_people(client, editor, story):
    client.force_login(editor)
    save_through_admin(client, story)  # the starting point
    newcomer = ContributorFactory(name="Sam Okafor")
    person = PersonFactory(name="Piet Moreau")
    save_through_admin(
        client,
        story,
        headline="Ferry saved for winter",
        body="<p>The council voted.</p><p>It was 7-2.</p>",
        tags="ferries, council",
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-position": "1",
            "bylines-1-contributor": newcomer.pk,
            "bylines-1-role": Byline.Role.PHOTOGRAPHER,
            "mentions-TOTAL_FORMS": "2",
            "mentions-1-person": person.pk,
        },
    )

    response = client.get(history_url(story))

    latest = response.context["entries"][0]
    changes = {c.label: (c.removed, c.added) for c in latest.changes}
    assert changes == {
        "Headline": (("Ferry saved",), ("Ferry saved for winter",)),
        "Body": (("It was close.",), ("It was 7-2.",)),
        "Bylines": ((), ("Sam Okafor (Photographer)",)),
        "Tags": ((), ("council",)),
        "People": ((), ("Piet Moreau",)),
    }
    html = response.content.decode()
    assert "<del>− It was close.</del>" in html
    assert "<ins>+ It was 7-2.</ins>" in html


def test_history_page_runs_the_same_queries_however_long_the_history(
    client, editor, story, django_assert_max_num_queries
):
    client.force_login(editor)
    # Session, user, the story, its versions, their related versions, three name look-ups,
    # and the admin's own context (the sidebar's app list and its permissions).
    for takes in (3, 9):
        for n in range(takes):
            save_through_admin(client, story, headline=f"Take {takes}-{n}")
        with django_assert_max_num_queries(11):
            assert client.get(history_url(story)).status_code == 200


def test_restoring_brings_back_headline_body_bylines_and_tags(client, editor, story):
    client.force_login(editor)
    save_through_admin(client, story)
    original = Revision.objects.latest("pk")
    story = save_through_admin(
        client,
        story,
        headline="Rewritten",
        body="<p>Entirely new.</p>",
        tags="budget",
        **{"bylines-0-DELETE": "on", "mentions-0-DELETE": "on"},
    )
    assert not story.bylines.exists()

    response = client.post(reverse("admin:articles_article_restore", args=[story.pk, original.pk]))

    assert response.status_code == 302
    story = Article.objects.get(pk=story.pk)
    assert story.headline == "Ferry saved"
    assert story.body == "<p>The council voted.</p><p>It was close.</p>"
    assert [b.contributor.name for b in story.bylines.all()] == ["Rhea Marlow"]
    assert list(story.tags.names()) == ["ferries"]
    assert [p.name for p in story.people.all()] == ["Lena Dahl"]


def test_a_restore_is_itself_a_revision_and_keeps_the_story_status(client, editor, story):
    client.force_login(editor)
    save_through_admin(client, story)
    draft_revision = Revision.objects.latest("pk")
    save_through_admin(client, story, headline="Final", _workflow="publish")
    before = Revision.objects.count()

    client.post(reverse("admin:articles_article_restore", args=[story.pk, draft_revision.pk]))

    story = Article.objects.get(pk=story.pk)
    assert story.headline == "Ferry saved"
    assert story.is_published  # old words, but still live
    assert Revision.objects.count() == before + 1
    assert Revision.objects.latest("pk").comment.startswith("Restored the version of")


def test_restore_only_accepts_post_and_revisions_of_this_story(client, editor, story):
    client.force_login(editor)
    save_through_admin(client, story)
    other = ArticleFactory()
    save_through_admin(client, other)
    others_revision = Version.objects.get_for_object(other).first().revision

    get = client.get(reverse("admin:articles_article_restore", args=[story.pk, 1]))
    foreign = client.post(
        reverse("admin:articles_article_restore", args=[story.pk, others_revision.pk])
    )

    assert get.status_code == 405
    assert foreign.status_code == 404


def test_second_editor_save_is_refused_and_first_editors_text_survives(client, editor, story):
    from tests.articles.conftest import member_of

    second = member_of("Editor", "otto")
    client.force_login(editor)
    save_through_admin(client, story)  # stories saved anywhere in the desk have a revision
    # Both open the story.
    first_form = change_form_data(story)
    second_form = change_form_data(story)
    client.force_login(editor)
    client.post(change_url(story), first_form | {"body": "<p>First editor's fix.</p>"})
    client.force_login(second)

    response = client.post(
        change_url(story), second_form | {"body": "<p>Second editor's rewrite.</p>"}
    )

    assert response.status_code == 200  # the form again, not a redirect
    assert Article.objects.get(pk=story.pk).body == "<p>First editor's fix.</p>"
    form = response.context["adminform"].form
    assert "Someone else saved this story after you opened it" in str(form.non_field_errors())
    html = response.content.decode()
    assert "Second editor&#x27;s rewrite." in html  # their own text, kept to merge
    changes = {c.label: c for c in response.context["conflict"]["changes"]}
    assert changes["Body"].added == ("First editor's fix.",)
    assert response.context["conflict"]["latest"].user == editor


def test_after_a_conflict_saving_again_is_a_deliberate_choice(client, editor, story):
    stale = change_form_data(story)
    client.force_login(editor)
    save_through_admin(client, story, headline="Meanwhile")
    refused = client.post(change_url(story), stale | {"headline": "Merged"})
    token = refused.context["adminform"].form["edit_version"].value()

    again = client.post(change_url(story), stale | {"headline": "Merged", "edit_version": token})

    assert again.status_code == 302
    assert Article.objects.get(pk=story.pk).headline == "Merged"


def test_a_restore_makes_forms_opened_before_it_stale(client, editor, story):
    client.force_login(editor)
    save_through_admin(client, story)
    revision = Revision.objects.latest("pk")
    stale = change_form_data(story)
    client.post(reverse("admin:articles_article_restore", args=[story.pk, revision.pk]))

    response = client.post(change_url(story), stale | {"headline": "Overwrite"})

    assert response.status_code == 200
    assert Article.objects.get(pk=story.pk).headline == "Ferry saved"


def test_diff_lists_only_changed_fields():
    old = Snapshot(headline="A", body="<p>One</p><p>Two</p>", tags=("x",))
    new = Snapshot(headline="A", body="<p>One</p><h2>Three</h2>", tags=("x", "y"))

    changes = snapshot_diff(old, new)

    assert [(c.label, c.removed, c.added) for c in changes] == [
        ("Body", ("Two",), ("Three",)),
        ("Tags", (), ("y",)),
    ]
