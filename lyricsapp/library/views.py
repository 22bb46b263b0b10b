"""The web library. Views read the query string through a form, call one
reader from lyricsapp.library, and render; nothing here writes."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from callbacks.models import Delivery
from lyricsapp.credits.chart import credits_history
from lyricsapp.library import dashboard as charts
from lyricsapp.library.downloads import FORMATS, export_filename, lyric_export, lyric_sections
from lyricsapp.library.forms import (
    LibraryFilterForm,
    TaskFilterForm,
    cleaned,
    workspace_filters,
)
from lyricsapp.library.language_names import language_name
from lyricsapp.library.listing import lyrics_filtered, paginate, snippet, tasks_filtered
from lyricsapp.library.workspace_context import library_workspace_context, lyric_workspace_context
from lyricsapp.models import CODE_MEANINGS, Lyric, Task
from lyricsapp.provider.client import provider_enabled
from lyricsapp.provider.credits import credits_current
from lyricsapp.workspace.selectors import favorite_ids


def _query_without(request, *names):
    """The current query string minus ``names``, for pagination links."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_GET
@login_required
def library(request):
    form = LibraryFilterForm(request.GET)
    data = cleaned(form)
    workspace = workspace_filters(data, request.GET)
    queryset = lyrics_filtered(
        q=data["q"] or "",
        status=data["status"] or "",
        code=data["code"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        user=request.user,
        **workspace,
    )
    page = paginate(
        queryset,
        page=data["page"] or 1,
        cursor=data["cursor"],
        newest_first=data["sort"] != "oldest",
    )
    starred = favorite_ids(request.user, [lyric.pk for lyric in page.items])
    for lyric in page.items:
        lyric.snippet = snippet(lyric.text, data["q"] or "")
        lyric.is_favorite = lyric.pk in starred
    filtered = any(data[k] for k in ("q", "status", "code", "date_from", "date_to")) or any(
        workspace.values()
    )
    context = {
        "form": form,
        "q": data["q"] or "",
        "page": page,
        "filtered": filtered,
        "base_query": _query_without(request, "page", "cursor"),
        "codes": sorted(CODE_MEANINGS.items()),
        # The current filters, for the "Download archive" form.
        "archive_filters": [
            (name, value)
            for name, values in request.GET.lists()
            if (name in form.fields or name == "tag") and name not in ("page", "cursor")
            for value in (values if name == "tag" else values[-1:])
            if value
        ],
        **library_workspace_context(request, data, workspace),
    }
    return render(request, "lyricsapp/library.html", context)


@require_GET
@login_required
def lyric_detail(request, pk):
    lyric = get_object_or_404(Lyric.objects.select_related("task__submitted_by"), pk=pk)
    context = {
        **lyric_workspace_context(request, lyric),
        "lyric": lyric,
        "sections": lyric_sections(lyric),
        "formats": list(FORMATS),
        "language_name": language_name(lyric.language),
        "siblings": lyric.task.lyrics.exclude(pk=lyric.pk).order_by("position"),
    }
    return render(request, "lyricsapp/lyric_detail.html", context)


@require_GET
@login_required
def lyric_download(request, pk, extension):
    if extension not in FORMATS:
        raise Http404(gettext("Unknown format"))
    lyric = get_object_or_404(Lyric.objects.select_related("task"), pk=pk)
    response = HttpResponse(lyric_export(lyric, extension), content_type=FORMATS[extension])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(lyric, extension)
    )
    return response


@require_GET
@login_required
def task_list(request):
    form = TaskFilterForm(request.GET)
    data = cleaned(form)
    queryset = tasks_filtered(status=data["status"] or "", code=data["code"])
    queryset = queryset.only(
        "id", "task_id", "status", "code", "msg", "created_at", "completed_at", "processed_at"
    )
    page = paginate(queryset, page=data["page"] or 1, cursor=data["cursor"])
    context = {
        "form": form,
        "page": page,
        "base_query": _query_without(request, "page", "cursor"),
        "codes": sorted(CODE_MEANINGS.items()),
    }
    return render(request, "lyricsapp/task_list.html", context)


@require_GET
@login_required
def task_row(request, pk):
    """One row of the task table; pending rows fetch this until they settle."""
    task = get_object_or_404(Task, pk=pk)
    return render(request, "lyricsapp/_task_row.html", {"task": task})


@require_GET
@login_required
def task_detail(request, task_id):
    return _task_page(request, get_object_or_404(Task, task_id=task_id))


@require_GET
@login_required
def task_detail_by_key(request, pk):
    """The same page, for ids no path can carry ("." and "..")."""
    return _task_page(request, get_object_or_404(Task, pk=pk))


def _task_page(request, task):
    deliveries = list(Delivery.objects.filter(task_id=task.task_id).order_by("id")[:100])
    if request.user.is_staff:
        for delivery in deliveries:
            delivery.body_text = _body_text(delivery)
    context = {
        "task": task,
        "lyrics": task.lyrics.order_by("position"),
        "deliveries": deliveries,
    }
    return render(request, "lyricsapp/task_detail.html", context)


def _body_text(delivery):
    raw = bytes(delivery.raw_body or b"")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return gettext("hex: %(bytes)s") % {"bytes": raw.hex(" ")}


@require_GET
@login_required
def dashboard(request):
    context = {
        "per_day": charts.results_per_day(),
        "failures": charts.failures_by_code(),
        "lag": charts.processing_lag(),
        "summary": charts.summary(),
        "chart_height": charts.CHART_HEIGHT,
        "credits": credits_current() if provider_enabled() else None,
        "min_credits": settings.SUNO_MIN_CREDITS,
        "credit_history": credits_history(),
    }
    return render(request, "lyricsapp/dashboard.html", context)
