"""The library's "Download archive" button, job pages, and the staff import form."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lyricsapp.archive.jobs import export_job_run, import_job_run
from lyricsapp.models import ArchiveJob, Task
from tests.api_helpers import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archive_root(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def library():
    make_task(
        "moon", lyrics=[{"title": "Moonlight", "text": "[Verse]\n月光", "status": "complete"}]
    )
    make_task(
        "rain", code=501, status="failed", lyrics=[{"title": "", "text": "", "status": "failed"}]
    )


@pytest.fixture
def user_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    return client


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("boss", is_staff=True))
    return client


def test_the_library_offers_an_archive_of_the_current_filters(user_client, library):
    page = user_client.get("/", {"q": "月光", "page": "1"}).content.decode()

    assert 'action="/archive/export/"' in page
    assert '<input type="hidden" name="q" value="月光">' in page
    assert 'name="page"' not in page.split('action="/archive/export/"')[1].split("</form>")[0]
    assert "Download archive of these lyrics" in page


def test_a_small_selection_downloads_at_once(user_client, library):
    response = user_client.post("/archive/export/", {"q": "月光"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="lyrics-archive-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("manifest.json"))["counts"] == {"tasks": 1, "lyrics": 1}


def test_a_large_selection_runs_as_a_job_with_progress(user_client, library, settings):
    settings.ARCHIVE_DIRECT_MAX_LYRICS = 1

    response = user_client.post("/archive/export/", {"status": ""})

    job = ArchiveJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/archive/jobs/{job.pk}/"
    page = user_client.get(response["Location"]).content.decode()
    assert f'hx-get="/archive/jobs/{job.pk}/progress/"' in page
    assert "<progress" in page
    export_job_run(job_id=job.pk)
    partial = user_client.get(f"/archive/jobs/{job.pk}/progress/").content.decode()
    assert "hx-get" not in partial
    assert f'href="/archive/jobs/{job.pk}/download/"' in partial
    download = user_client.get(f"/archive/jobs/{job.pk}/download/")
    assert download.status_code == 200


def test_the_import_form_is_for_staff_only(user_client):
    response = user_client.get("/archive/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_import_an_archive_as_a_job(staff_client, library, archive_root):
    archive = b"".join(staff_client.post("/archive/export/", {}).streaming_content)
    Task.objects.all().delete()

    response = staff_client.post(
        "/archive/import/", {"archive": SimpleUploadedFile("a.zip", archive, "application/zip")}
    )

    job = ArchiveJob.objects.get(kind="import")
    assert response["Location"] == f"/archive/jobs/{job.pk}/"
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    assert job.report["added"] == 2
    assert Task.objects.count() == 2
    assert not list((archive_root / "imports").iterdir())
    page = staff_client.get(f"/archive/jobs/{job.pk}/").content.decode()
    assert "Imported: added 2, unchanged 0, conflicts 0." in page


def test_a_bad_archive_fails_the_job_with_the_reason(staff_client):
    staff_client.post(
        "/archive/import/", {"archive": SimpleUploadedFile("a.zip", b"nope", "application/zip")}
    )
    job = ArchiveJob.objects.get()

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "The file is not a ZIP archive.")


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(
    staff_client, settings, archive_root
):
    settings.ARCHIVE_UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("a.zip", b"x" * 200_000, "application/zip")

    response = staff_client.post("/archive/import/", {"archive": big})

    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert ArchiveJob.objects.count() == 0
    assert not (archive_root / "imports").exists()


def test_the_upload_checks_the_csrf_token(client, django_user_model):
    checked = client.__class__(enforce_csrf_checks=True)
    checked.force_login(django_user_model.objects.create_user("boss", is_staff=True))

    response = checked.post("/archive/import/", {"archive": SimpleUploadedFile("a.zip", b"x")})

    assert response.status_code == 403
    assert ArchiveJob.objects.count() == 0
