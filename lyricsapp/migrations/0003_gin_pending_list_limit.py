"""A 256 kB pending list on the lyrics' GIN indexes (the default is 4 MB).

A callback whose insert fills the pending list merges it into the index
before it commits; with 4 MB that took tens of milliseconds and made the
callback's p99. ALTER INDEX changes the parameter without a rebuild; the state
operations tell Django the trigram indexes now carry it.
"""

import django.contrib.postgres.indexes
from django.db import migrations

INDEXES = ["lyric_text_trgm", "lyric_title_trgm", "lyric_search_keys_gin"]


class Migration(migrations.Migration):
    dependencies = [
        ("lyricsapp", "0002_issue4_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    [f"ALTER INDEX {name} SET (gin_pending_list_limit = 256)" for name in INDEXES],
                    [f"ALTER INDEX {name} RESET (gin_pending_list_limit)" for name in INDEXES],
                )
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="lyric", name="lyric_text_trgm"),
                migrations.RemoveIndex(model_name="lyric", name="lyric_title_trgm"),
                migrations.AddIndex(
                    model_name="lyric",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["text"],
                        gin_pending_list_limit=256,
                        name="lyric_text_trgm",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="lyric",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["title"],
                        gin_pending_list_limit=256,
                        name="lyric_title_trgm",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
            ],
        ),
    ]
