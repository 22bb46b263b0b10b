"""Who may open the workspace's writing pages."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from lyricsapp.workspace.permissions import can_edit


def editor_required(view):
    """403 for a signed-in user who may only read (login_required goes outside)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_edit(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
