"""The workspace's page actions: star, tags, note, trash, bulk, and the tag list.

Each POST checks the edit permission (Readers get a 403), validates its
input, calls one service and goes back where it came from, with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from lyricsapp.library.forms import LibraryFilterForm, cleaned, workspace_filters
from lyricsapp.library.listing import lyrics_filtered
from lyricsapp.library.selection_zip import lyrics_zip
from lyricsapp.models import Lyric
from lyricsapp.workspace.bulk import BULK_LIMIT, lyrics_bulk_apply, selection_ids
from lyricsapp.workspace.favorites import lyric_favorite_set
from lyricsapp.workspace.notes import lyric_note_set
from lyricsapp.workspace.permissions import can_edit
from lyricsapp.workspace.tags import lyric_tag_add, lyric_tag_remove, tags_with_counts
from lyricsapp.workspace.trash import lyric_restore, lyric_trash


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _editable_lyric(request, pk):
    if not can_edit(request.user):
        raise PermissionDenied(gettext("Your account may only read."))
    return get_object_or_404(Lyric, pk=pk)


def _refused(request, exc):
    """A 400 page naming the problem, with a way back; nothing was changed."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("library")
    context = {"problems": exc.messages, "back": back}
    return render(request, "lyricsapp/workspace_refused.html", context, status=400)


@require_POST
@login_required
def lyric_favorite(request, pk):
    lyric = _editable_lyric(request, pk)
    lyric_favorite_set(lyric=lyric, user=request.user, favorite=request.POST.get("on") != "0")
    return _back(request, lyric_url(lyric))


@require_POST
@login_required
def lyric_tags(request, pk):
    lyric = _editable_lyric(request, pk)
    try:
        if "remove" in request.POST:
            lyric_tag_remove(lyric=lyric, name=request.POST["remove"], user=request.user)
        else:
            tag = lyric_tag_add(lyric=lyric, name=request.POST.get("name", ""), user=request.user)
            messages.success(request, gettext("Tagged “%(tag)s”.") % {"tag": tag.name})
    except ValidationError as exc:
        return _refused(request, exc)
    return _back(request, lyric_url(lyric))


@require_POST
@login_required
def lyric_note(request, pk):
    lyric = _editable_lyric(request, pk)
    try:
        lyric_note_set(lyric=lyric, text=request.POST.get("text", ""), user=request.user)
    except ValidationError as exc:
        return _refused(request, exc)
    messages.success(request, gettext("Note saved."))
    return _back(request, lyric_url(lyric))


@require_POST
@login_required
def lyric_trash_view(request, pk):
    lyric = _editable_lyric(request, pk)
    if request.POST.get("restore"):
        lyric_restore(lyric=lyric, user=request.user)
        messages.success(request, gettext("Restored from the trash."))
    else:
        lyric_trash(lyric=lyric, user=request.user)
        messages.success(request, gettext("Moved to the trash."))
    return _back(request, lyric_url(lyric))


def lyric_url(lyric):
    return reverse("lyric-detail", args=[lyric.pk])


def _bulk_ids(request):
    """The rows ticked, or every lyric the page's query matches ("select all N")."""
    if request.POST.get("all") == "1":
        query = QueryDict(request.POST.get("query", ""))
        data = cleaned(LibraryFilterForm(query))
        lyrics = lyrics_filtered(
            q=data["q"] or "",
            status=data["status"] or "",
            code=data["code"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            user=request.user,
            **workspace_filters(data, query),
        )
        return selection_ids(lyrics)
    ids = []
    for value in request.POST.getlist("ids"):
        if not value.isdigit() or len(value) > 10:
            raise ValidationError(gettext("“%(id)s” is not a lyric id.") % {"id": value[:20]})
        ids.append(int(value))
    if len(ids) > BULK_LIMIT:
        raise ValidationError(gettext("At most %(limit)d lyrics at once.") % {"limit": BULK_LIMIT})
    return ids


@require_POST
@login_required
def library_bulk(request):
    action = request.POST.get("action", "")
    if action != "export" and not can_edit(request.user):
        raise PermissionDenied(gettext("Your account may only read."))
    try:
        ids = _bulk_ids(request)
        if not ids:
            raise ValidationError(gettext("Select at least one lyric."))
        if action == "export":
            lyrics = Lyric.objects.filter(pk__in=ids).order_by("-id").iterator()
            response = HttpResponse(lyrics_zip(lyrics), content_type="application/zip")
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename="lyrics.zip"
            )
            return response
        result = lyrics_bulk_apply(
            ids=ids, action=action, value=request.POST.get("value"), user=request.user
        )
    except ValidationError as exc:
        return _refused(request, exc)
    messages.success(
        request,
        gettext("%(changed)d of %(matched)d selected lyrics changed.") % result,
    )
    return _back(request, "/")


@require_GET
@login_required
def tag_list(request):
    return render(request, "lyricsapp/tags.html", {"tags": tags_with_counts()})
