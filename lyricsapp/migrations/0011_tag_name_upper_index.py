"""Tags are looked up whatever their case (TAGGIT_CASE_INSENSITIVE: Django's
``name__iexact``, ``UPPER(name) = UPPER(%s)``): an index on that expression,
so that a tag filter finds its tag at once among 50,000."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lyricsapp", "0010_lyric_searchable"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS taggit_tag_name_upper ON taggit_tag (UPPER(name::text))",
            "DROP INDEX IF EXISTS taggit_tag_name_upper",
        )
    ]
