"""Editing a lyric, its history with diffs, restores and the original's downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lyricsapp.library.access import editor_required
from lyricsapp.library.downloads import (
    FORMATS,
    ORIGINAL_FORMATS,
    lyric_original_export,
    original_filename,
)
from lyricsapp.library.history_rows import history_rows
from lyricsapp.library.workspace_forms import LyricEditForm
from lyricsapp.models import Lyric
from lyricsapp.workspace.diff import diff_changed, text_diff
from lyricsapp.workspace.editing import EditConflict, lyric_edit_save, lyric_version_restore
from lyricsapp.workspace.permissions import can_edit
from lyricsapp.workspace.versions import lyric_version_get, lyric_versions


def _conflict_context(lyric, base_version):
    """What the other person changed: from the editor's starting version to the current one."""
    base = lyric_version_get(lyric=lyric, number=base_version)
    base_title, base_text = (base.title, base.text) if base else ("", "")
    return {
        "conflict": True,
        "their_title": text_diff(base_title, lyric.title),
        "their_text": text_diff(base_text, lyric.text),
    }


@require_http_methods(["GET", "POST"])
@login_required
@editor_required
def lyric_edit(request, pk):
    lyric = get_object_or_404(Lyric.objects.select_related("task"), pk=pk)
    context = {"lyric": lyric}
    status = 200
    if request.method == "GET":
        form = LyricEditForm(
            initial={"title": lyric.title, "text": lyric.text, "base_version": lyric.version}
        )
    else:
        form = LyricEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lyric_edit_save(
                    lyric_id=lyric.pk,
                    user=request.user,
                    title=data["title"],
                    text=data["text"],
                    base_version=data["base_version"],
                    message=data["message"],
                )
            except EditConflict as conflict:
                current = conflict.lyric
                context.update(_conflict_context(current, data["base_version"]))
                context["current"] = current
                # The user's own text stays; the form now starts from the current
                # version, so saving again is a deliberate choice over theirs.
                post = request.POST.copy()
                post["base_version"] = current.version
                form = LyricEditForm(post)
                status = 409
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
                status = 400
            else:
                messages.success(request, gettext("Saved."))
                return redirect("lyric-detail", pk=lyric.pk)
        else:
            status = 400
    context["form"] = form
    return render(request, "lyricsapp/lyric_edit.html", context, status=status)


def _posted_int(request, name):
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


def _chosen(request, name, numbers, default):
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return value if value in numbers else default


@require_GET
@login_required
def lyric_history(request, pk):
    lyric = get_object_or_404(Lyric.objects.select_related("task"), pk=pk)
    versions = lyric_versions(lyric=lyric, with_text=False)
    numbers = {version.number for version in versions}
    new = lyric_version_get(lyric=lyric, number=_chosen(request, "b", numbers, lyric.version))
    old_number = _chosen(request, "a", numbers, max(1, new.number - 1))
    old = lyric_version_get(lyric=lyric, number=old_number)
    title_diff = text_diff(old.title, new.title)
    context = {
        "lyric": lyric,
        "count": len(versions),
        "rows": history_rows(lyric=lyric, versions=versions[::-1], can_edit=can_edit(request.user)),
        "old": old,
        "new": new,
        "title_diff": title_diff,
        "text_diff": text_diff(old.text, new.text),
        "title_changed": diff_changed(title_diff),
        "can_edit": can_edit(request.user),
    }
    return render(request, "lyricsapp/lyric_history.html", context)


@require_POST
@login_required
@editor_required
def lyric_restore(request, pk):
    lyric = get_object_or_404(Lyric, pk=pk)
    number, base_version = _posted_int(request, "number"), _posted_int(request, "base_version")
    if number is None:
        raise Http404(gettext("No such version."))
    try:
        restored = lyric_version_restore(
            lyric_id=lyric.pk, number=number, user=request.user, base_version=base_version
        )
    except EditConflict as conflict:
        messages.error(
            request,
            gettext("Someone saved version %(number)d meanwhile: look again, then restore.")
            % {"number": conflict.lyric.version},
        )
        return redirect("lyric-history", pk=lyric.pk)
    if restored is None:
        raise Http404(gettext("No such version."))
    messages.success(
        request,
        gettext("Version %(old)d restored as version %(new)d.")
        % {"old": number, "new": restored.version},
    )
    return redirect("lyric-history", pk=lyric.pk)


@require_GET
@login_required
def lyric_original_download(request, pk, extension):
    if extension not in ORIGINAL_FORMATS:
        raise Http404(gettext("Unknown format"))
    lyric = get_object_or_404(Lyric, pk=pk)
    response = HttpResponse(
        lyric_original_export(lyric, extension), content_type=FORMATS[extension]
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=original_filename(lyric, extension)
    )
    return response
