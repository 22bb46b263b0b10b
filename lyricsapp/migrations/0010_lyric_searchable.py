"""Search indexes only for lyrics marked searchable, so a callback's insert skips them.

The column is added with a default of true (no table rewrite: every existing
lyric stays searchable). Each GIN index is then rebuilt as a partial index
(``WHERE searchable``) beside the old one, without blocking writes
(CONCURRENTLY, hence a non-atomic migration), and takes its name. Callbacks
store lyrics with searchable false; the follow-up work sets it
(docs/performance.md, "Callback ingestion").
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

# lyricsapp.models.GIN_PENDING_LIST_KB when this was written (as in 0003).
GIN_PENDING_LIST_KB = 256

DEFINITIONS = {
    "lyric_text_trgm": "gin (text gin_trgm_ops)",
    "lyric_title_trgm": "gin (title gin_trgm_ops)",
    "lyric_search_keys_gin": "gin (lyric_search_keys(title, text))",
}


def rebuild(predicate):
    statements = []
    for name, definition in DEFINITIONS.items():
        statements += [
            f"DROP INDEX CONCURRENTLY IF EXISTS {name}_new",
            f"CREATE INDEX CONCURRENTLY {name}_new ON lyricsapp_lyric USING {definition} "
            f"WITH (gin_pending_list_limit = {GIN_PENDING_LIST_KB}){predicate}",
            f"DROP INDEX CONCURRENTLY {name}",
            f"ALTER INDEX {name}_new RENAME TO {name}",
        ]
    return statements


def trigram_index(field, name, partial):
    return django.contrib.postgres.indexes.GinIndex(
        fields=[field],
        name=name,
        opclasses=["gin_trgm_ops"],
        gin_pending_list_limit=GIN_PENDING_LIST_KB,
        condition=models.Q(searchable=True) if partial else None,
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("lyricsapp", "0009_labels_after_merge"),
    ]

    operations = [
        migrations.AddField(
            model_name="lyric",
            name="searchable",
            field=models.BooleanField(db_default=True, default=True, verbose_name="searchable"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(rebuild(" WHERE searchable"), rebuild("")),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="lyric", name="lyric_text_trgm"),
                migrations.RemoveIndex(model_name="lyric", name="lyric_title_trgm"),
                migrations.AddIndex(
                    model_name="lyric", index=trigram_index("text", "lyric_text_trgm", True)
                ),
                migrations.AddIndex(
                    model_name="lyric", index=trigram_index("title", "lyric_title_trgm", True)
                ),
            ],
        ),
    ]
