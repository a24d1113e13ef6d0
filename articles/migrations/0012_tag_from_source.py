from django.db import migrations, models


def mark_imported_tags(apps, schema_editor):
    """Tags on imported stories are taken to be the source's: an editor's additions made
    before this field existed cannot be told apart, and the source's must stay replaceable."""
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    TaggedArticle.objects.exclude(content_object__import_source="").update(is_from_source=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_article_import_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="taggedarticle",
            name="is_from_source",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.RunPython(mark_imported_tags, migrations.RunPython.noop),
    ]
