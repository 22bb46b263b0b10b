"""Archive pages: the library's "Download archive" button, job progress,
and the staff upload form for imports."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lyricsapp.archive.api import export_file_response
from lyricsapp.archive.export import Selection, archive_chunks, tasks_of_lyrics
from lyricsapp.archive.jobs import export_job_create, import_job_create, library_lyrics
from lyricsapp.archive.songbook import MAX_SONGS, songbook_pdf
from lyricsapp.library.forms import LibraryFilterForm
from lyricsapp.models import ArchiveJob
from lyricsapp.pagination import bounded_count
from lyricsapp.workspace.models import Collection

LIBRARY_FILTERS = [name for name in LibraryFilterForm.base_fields if name not in ("page", "cursor")]


@require_POST
@login_required
def library_export(request):
    """Small selections download at once; large ones become a job."""
    filters = {name: request.POST.get(name, "") for name in LIBRARY_FILTERS}
    filters["tag"] = request.POST.getlist("tag")
    lyrics = library_lyrics(filters, request.user)
    _, exact = bounded_count(lyrics, cap=settings.ARCHIVE_DIRECT_MAX_LYRICS)
    if not exact:
        job = export_job_create(
            user=request.user, filters=filters, origin=ArchiveJob.Origin.LIBRARY
        )
        return redirect("archive-job", pk=job.pk)
    selection = Selection.of(tasks_of_lyrics(lyrics))
    response = StreamingHttpResponse(
        archive_chunks(selection=selection), content_type="application/zip"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"lyrics-archive-{stamp}.zip"
    )
    return response


def _job_for(request, pk):
    job = get_object_or_404(ArchiveJob, pk=pk)
    if not (request.user.is_staff or job.requested_by_id == request.user.pk):
        raise Http404(_("No such job."))
    return job


@require_GET
@login_required
def archive_job(request, pk):
    return render(request, "lyricsapp/archive_job.html", {"job": _job_for(request, pk)})


@require_GET
@login_required
def archive_job_progress(request, pk):
    """The progress block alone; it polls itself until the job is over."""
    return render(request, "lyricsapp/_archive_job_progress.html", {"job": _job_for(request, pk)})


@require_GET
@login_required
def archive_job_download(request, pk):
    job = _job_for(request, pk)
    if job.kind != ArchiveJob.Kind.EXPORT:
        raise Http404(_("No such export."))
    return export_file_response(job)


class _SizeLimit(FileUploadHandler):
    """Stops an upload as soon as it passes the limit, whatever Content-Length said."""

    def __init__(self, limit, request=None):
        super().__init__(request)
        self.limit, self.received = limit, 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _too_large(request):
    return render(
        request,
        "lyricsapp/archive_import.html",
        {
            "error": _("The file is larger than the %(limit)s MB allowed.")
            % {"limit": settings.ARCHIVE_UPLOAD_MAX_BYTES // (1 << 20)}
        },
        status=413,
    )


@csrf_exempt  # checked below, once the size is known to be acceptable
@require_http_methods(["GET", "POST"])
@staff_member_required
def archive_import(request):
    if request.method == "GET":
        return render(request, "lyricsapp/archive_import.html", {})
    limit = settings.ARCHIVE_UPLOAD_MAX_BYTES
    # Refused before a byte is stored: by the announced length first, then
    # while reading, in case the length was absent or wrong.
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + (1 << 16):
        return _too_large(request)
    request.upload_handlers.insert(0, _SizeLimit(limit, request))
    refusal = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if refusal is not None:
        return refusal
    upload = request.FILES.get("archive")
    if upload is None:
        if request.upload_handlers[0].received > limit:
            return _too_large(request)
        error = _("Choose an archive file to import.")
        return render(request, "lyricsapp/archive_import.html", {"error": error}, status=400)
    job = import_job_create(user=request.user, upload=upload)
    return redirect("archive-job", pk=job.pk)


def _songbook_response(pdf, name):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{name}.pdf"
    )
    return response


@require_GET
@login_required
def collection_songbook(request, pk):
    collection = get_object_or_404(Collection, pk=pk)
    lyrics = [
        item.lyric for item in collection.items.select_related("lyric").order_by("position", "id")
    ]
    if len(lyrics) > MAX_SONGS:
        return HttpResponse(
            _("A songbook holds at most %(max)s songs.") % {"max": MAX_SONGS}, status=400
        )
    pdf = songbook_pdf(title=collection.name, description=collection.description, lyrics=lyrics)
    return _songbook_response(pdf, f"songbook-{collection.pk}")


@require_GET
@login_required
def library_songbook(request):
    """The library's current search and filters as a songbook, oldest first."""
    filters = {name: request.GET.get(name, "") for name in LIBRARY_FILTERS}
    filters["tag"] = request.GET.getlist("tag")
    lyrics = list(
        library_lyrics(filters, request.user)
        .filter(status="complete")
        .order_by("id")[: MAX_SONGS + 1]
    )
    if len(lyrics) > MAX_SONGS:
        return HttpResponse(
            _("A songbook holds at most %(max)s songs: narrow the search.") % {"max": MAX_SONGS},
            status=400,
        )
    title = filters["q"] or _("Lyrics library")
    return _songbook_response(songbook_pdf(title=title, description="", lyrics=lyrics), "songbook")
