from django.db import migrations, models

# Deliveries recorded before this migration: a refused body (outcome
# "invalid") may have come with a bad signature, which was not checked before
# the content type and body shape then, so it is not trusted for replay.
# Stored results passed every check; polls and deadlines are our own.
MARK_EXISTING = """
UPDATE callbacks_delivery SET authenticated = true
WHERE outcome <> 'invalid' OR source <> 'callback'
"""


class Migration(migrations.Migration):

    dependencies = [
        ("callbacks", "0002_issue6_delivery_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="authenticated",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Passed the token and signature checks in force when it came.",
            ),
        ),
        migrations.RunSQL(MARK_EXISTING, migrations.RunSQL.noop),
    ]
