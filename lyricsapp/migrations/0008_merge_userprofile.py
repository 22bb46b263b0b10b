# Written side by side: the user profile and labels, the events and the archive.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lyricsapp", "0007_merge_events_archive"),
        ("lyricsapp", "0004_userprofile_verbose_names"),
    ]

    operations = []
