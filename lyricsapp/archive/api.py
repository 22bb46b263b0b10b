"""POST /api/v1/exports/ and GET /api/v1/exports/<id>/ (contract section 9)."""

from django.http import FileResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from lyricsapp.api.authentication import ThrottledTokenAuthentication
from lyricsapp.api.filters import VALUE_SCHEMAS, LyricFilter
from lyricsapp.api.views import NO_NUL, NOT_FOUND, UNAUTHORIZED
from lyricsapp.archive.jobs import archive_path, export_job_create
from lyricsapp.archive.selection import FilterError, repeatable
from lyricsapp.models import ArchiveJob


class ExportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(
        help_text="Where to fetch the archive once status is done; null before."
    )

    class Meta:
        model = ArchiveJob
        fields = ["id", "status", "progress", "download_url"]
        read_only_fields = fields

    def get_download_url(self, job) -> str | None:
        if job.status != ArchiveJob.Status.DONE or not job.file_name:
            return None
        url = reverse("archive-api:export-download", kwargs={"pk": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def visible_jobs(user):
    """A user sees the exports they asked for; staff see all."""
    jobs = ArchiveJob.objects.filter(kind=ArchiveJob.Kind.EXPORT)
    return jobs if user.is_staff else jobs.filter(requested_by=user)


def filters_schema():
    """The body: the library's list filters (lyricsapp/api/filters.py), all optional."""
    properties = {}
    for name, field in LyricFilter.base_filters.items():
        schema = {"type": "string", "pattern": NO_NUL}
        if field.extra.get("max_length"):
            schema["maxLength"] = field.extra["max_length"]
        schema = VALUE_SCHEMAS.get(name, schema)
        properties[name] = {"type": "array", "items": schema} if repeatable(name) else schema
    return {"type": "object", "properties": properties, "additionalProperties": False}


class ExportViewSet(viewsets.GenericViewSet):
    authentication_classes = [ThrottledTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    serializer_class = ExportSerializer
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        return visible_jobs(self.request.user)

    @extend_schema(
        summary="Export the library, or the lyrics the filters select, as an archive",
        tags=["archive"],
        request={"application/json": filters_schema()},
        responses={
            202: ExportSerializer,
            400: OpenApiResponse(description="A filter is unknown or invalid; the body names it."),
            401: UNAUTHORIZED,
        },
    )
    def create(self, request):
        filters = request.data if isinstance(request.data, dict) else None
        if filters is None:
            return Response({"error": _("The body must be a JSON object of filters.")}, status=400)
        try:
            job = export_job_create(user=request.user, filters=dict(filters))
        except FilterError as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        body = ExportSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="One export",
        tags=["archive"],
        responses={200: ExportSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def retrieve(self, request, pk=None):
        return Response(ExportSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(
        summary="The finished archive",
        tags=["archive"],
        responses={
            (200, "application/zip"): OpenApiResponse(description="The ZIP archive."),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return export_file_response(self.get_object())


def export_file_response(job):
    path = archive_path(job.file_name) if job.file_name else None
    if job.status != ArchiveJob.Status.DONE or path is None or not path.exists():
        raise NotFound(_("This export is not ready, or has expired."))
    response = FileResponse(open(path, "rb"), content_type="application/zip")  # noqa: SIM115
    stamp = job.created_at.strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"lyrics-archive-{stamp}.zip"
    )
    return response
