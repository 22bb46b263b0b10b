"""Collection pages: list, create, show in order, rename, reorder, add, remove, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lyricsapp.library.access import editor_required
from lyricsapp.library.downloads import (
    FORMATS,
    ORIGINAL_FORMATS,
    collection_export,
    collection_filename,
)
from lyricsapp.library.workspace_forms import CollectionForm
from lyricsapp.models import Collection, Lyric
from lyricsapp.workspace import collections as services
from lyricsapp.workspace.permissions import can_edit


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _form_errors(form, error):
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
@login_required
def collection_list(request):
    form = CollectionForm()
    status = 200
    if request.method == "POST":
        if not can_edit(request.user):
            raise PermissionDenied
        form = CollectionForm(request.POST)
        if form.is_valid():
            try:
                collection = services.collection_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                return redirect("collection-detail", pk=collection.pk)
        status = 400
    collections = Collection.objects.annotate(size=Count("items")).select_related("created_by")
    context = {"collections": collections, "form": form}
    return render(request, "lyricsapp/collection_list.html", context, status=status)


def _members(collection):
    return list(
        Lyric.objects.filter(collection_items__collection=collection)
        .order_by("collection_items__position", "collection_items__id")
        .select_related("task")
    )


@require_GET
@login_required
def collection_detail(request, pk):
    collection = get_object_or_404(Collection.objects.select_related("created_by"), pk=pk)
    context = {
        "collection": collection,
        "lyrics": _members(collection),
        "form": CollectionForm(
            initial={"name": collection.name, "description": collection.description},
            prefix="edit",
        ),
        "formats": ORIGINAL_FORMATS,
    }
    return render(request, "lyricsapp/collection_detail.html", context)


@require_POST
@login_required
@editor_required
def collection_update(request, pk):
    collection = get_object_or_404(Collection, pk=pk)
    form = CollectionForm(request.POST, prefix="edit")
    if form.is_valid():
        try:
            services.collection_update(collection=collection, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Collection saved."))
            return redirect("collection-detail", pk=pk)
    collection.refresh_from_db()
    context = {"collection": collection, "lyrics": _members(collection), "form": form}
    context["formats"] = ORIGINAL_FORMATS
    return render(request, "lyricsapp/collection_detail.html", context, status=400)


@require_POST
@login_required
@editor_required
def collection_delete(request, pk):
    collection = get_object_or_404(Collection, pk=pk)
    services.collection_delete(collection=collection)
    messages.success(request, gettext("Collection “%(name)s” deleted.") % {"name": collection.name})
    return redirect("collection-list")


@require_POST
@login_required
@editor_required
def collection_add(request):
    """From the lyric page: add the lyric to the chosen collection."""
    lyric = get_object_or_404(Lyric, pk=_int(request.POST.get("lyric")) or 0)
    collection = get_object_or_404(Collection, pk=_int(request.POST.get("collection")) or 0)
    added = services.collection_lyrics_append(collection=collection, lyric_ids=[lyric.pk])
    text = (gettext("Added to “%(name)s”.") if added else gettext("Already in “%(name)s”.")) % {
        "name": collection.name
    }
    messages.success(request, text)
    return redirect("lyric-detail", pk=lyric.pk)


@require_POST
@login_required
@editor_required
def collection_remove(request, pk):
    collection = get_object_or_404(Collection, pk=pk)
    lyric_id = _int(request.POST.get("lyric"))
    if not services.collection_lyric_remove(collection=collection, lyric_id=lyric_id or 0):
        raise Http404(gettext("That lyric is not in this collection."))
    messages.success(request, gettext("Removed from the collection."))
    if request.POST.get("next") == "lyric":
        return redirect("lyric-detail", pk=lyric_id)
    return redirect("collection-detail", pk=pk)


@require_POST
@login_required
@editor_required
def collection_move(request, pk):
    """The move up / move down buttons (without JavaScript)."""
    collection = get_object_or_404(Collection, pk=pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    lyric_id = _int(request.POST.get("lyric"))
    if offset is None or lyric_id is None:
        return HttpResponse(gettext("Say which lyric and which way."), status=400)
    if not services.collection_lyric_move(collection=collection, lyric_id=lyric_id, offset=offset):
        raise Http404(gettext("That lyric is not in this collection."))
    return redirect("collection-detail", pk=pk)


@require_POST
@login_required
@editor_required
def collection_order(request, pk):
    """The whole order at once (the page's script, after a drag or a key)."""
    collection = get_object_or_404(Collection, pk=pk)
    ids = [_int(part) for part in request.POST.get("lyric_ids", "").split(",") if part]
    if None in ids:
        return JsonResponse({"error": gettext("lyric_ids: whole numbers only.")}, status=400)
    try:
        services.collection_order_set(collection=collection, lyric_ids=ids)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"lyric_ids": ids})


@require_GET
@login_required
def collection_download(request, pk, extension):
    if extension not in ORIGINAL_FORMATS:
        raise Http404(gettext("Unknown format"))
    collection = get_object_or_404(Collection, pk=pk)
    body = collection_export(collection, _members(collection), extension)
    response = HttpResponse(body, content_type=FORMATS[extension])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=collection_filename(collection, extension)
    )
    return response
