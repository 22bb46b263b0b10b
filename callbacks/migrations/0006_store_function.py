"""The store statement as a function, for connections without prepared statements
(callbacks/store_function.py says why)."""

from django.db import migrations

from callbacks.services import STORE_SQL
from callbacks.store_function import NAME, PARAMETERS, function_sql


def install(apps, schema_editor):
    # Today's statement: a later change to it installs it again the same way.
    schema_editor.execute(function_sql(STORE_SQL))


def remove(apps, schema_editor):
    types = ", ".join(kind for _, kind in PARAMETERS)
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}({types})")


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0005_labels_after_merge"),
        ("lyricsapp", "0012_lyric_search_keys_statistics"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]
