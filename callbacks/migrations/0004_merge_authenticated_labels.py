# Written side by side: the authenticated flag and the translatable labels.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0003_delivery_authenticated"),
        ("callbacks", "0003_delivery_verbose_names"),
    ]

    operations = []
