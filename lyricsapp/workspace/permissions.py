"""Who may do what in the workspace.

Two groups, made by migration 0005: Readers may only read; Editors may also
star, tag, note, edit, collect, trash, share and submit prompts. A new user
joins settings.WORKSPACE_DEFAULT_GROUP (Editors unless set otherwise).
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy
from rest_framework.permissions import SAFE_METHODS, BasePermission

EDIT_PERMISSION = "lyricsapp.edit_workspace"
SUBMIT_PERMISSION = "lyricsapp.submit_task"
READERS, EDITORS = "Readers", "Editors"


def can_edit(user):
    return user.is_authenticated and user.has_perm(EDIT_PERMISSION)


def can_submit(user):
    return user.is_authenticated and user.has_perm(SUBMIT_PERMISSION)


class CanEditOrReadOnly(BasePermission):
    """Reads for any signed-in user; writes only for editors."""

    message = gettext_lazy(
        "Your account may only read: ask an administrator for the Editors group."
    )

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or can_edit(request.user)


def user_join_default_group(sender, instance, created, raw=False, **kwargs):
    if not created or raw or not settings.WORKSPACE_DEFAULT_GROUP:
        return
    group = Group.objects.filter(name=settings.WORKSPACE_DEFAULT_GROUP).first()
    if group is not None:
        instance.groups.add(group)


# Also in migration 0005_workspace_groups (which cannot import this module).
READ_CODENAMES = ["view_lyric", "view_task", "view_collection", "view_tag"]
EDIT_CODENAMES = ["edit_workspace", "submit_task"]


def groups_ensure(**kwargs):
    """Both groups with their permissions, made when missing. Migration 0005
    makes them once; this runs after every migrate and flush (a flush empties
    the groups table, as the tests' transactional databases do)."""
    for name, codenames in ((READERS, READ_CODENAMES), (EDITORS, READ_CODENAMES + EDIT_CODENAMES)):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(Permission.objects.filter(codename__in=codenames))


def connect_signals():
    post_migrate.connect(
        groups_ensure,
        sender=apps.get_app_config("lyricsapp"),
        dispatch_uid="workspace_groups_ensure",
    )
    post_save.connect(
        user_join_default_group,
        sender=get_user_model(),
        dispatch_uid="workspace_default_group",
    )
