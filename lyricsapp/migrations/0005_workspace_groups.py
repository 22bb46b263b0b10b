"""The Readers and Editors groups; existing users become editors, as before
this migration everyone could do everything there was to do."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view_lyric", "view_task", "view_collection", "view_tag"]
EDIT = ["edit_workspace", "submit_task"]


def groups_create(apps, schema_editor):
    # Permissions are made after migrations; these two are needed now.
    for label in ("lyricsapp", "taggit"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("auth", "User")
    readers, _ = Group.objects.get_or_create(name="Readers")
    editors, _ = Group.objects.get_or_create(name="Editors")
    readers.permissions.add(*Permission.objects.filter(codename__in=READ))
    editors.permissions.add(*Permission.objects.filter(codename__in=READ + EDIT))
    editors.user_set.add(*User.objects.all())


def groups_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Readers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lyricsapp", "0004_workspace"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(groups_create, groups_delete)]
