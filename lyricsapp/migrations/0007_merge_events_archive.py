# The events' and the workspace's migrations were written side by side;
# their tables are independent, so either order is right.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lyricsapp", "0005_events_credits_alerts"),
        ("lyricsapp", "0006_archive_jobs"),
    ]

    operations = []
