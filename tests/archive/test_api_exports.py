"""POST /api/v1/exports/ and GET /api/v1/exports/<id>/."""

import io
import zipfile

import pytest

from lyricsapp.archive.jobs import export_job_run, exports_expire
from lyricsapp.models import ArchiveJob
from tests.api_helpers import make_task, token_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/exports/"


@pytest.fixture(autouse=True)
def archive_root(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader")


@pytest.fixture
def api(reader):
    return token_client(reader)


@pytest.fixture
def library():
    make_task(
        "moon", lyrics=[{"title": "Moonlight", "text": "[Verse]\n月光", "status": "complete"}]
    )
    make_task("rain", lyrics=[{"title": "Rain", "text": "drops", "status": "complete"}])


def test_it_accepts_an_export_and_answers_202(api, reader):
    response = api.post(URL, {"q": "月光"}, format="json")

    assert response.status_code == 202
    body = response.json()
    assert body == {"id": body["id"], "status": "pending", "progress": 0, "download_url": None}
    job = ArchiveJob.objects.get(pk=body["id"])
    assert (job.kind, job.requested_by, job.filters) == ("export", reader, {"q": "月光"})


def test_it_answers_400_naming_an_unknown_or_invalid_filter(api):
    response = api.post(URL, {"colour": "red"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"colour": ["is not a filter of the library"]}

    response = api.post(URL, {"status": ["complete"], "q": 5}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": ["must be a string"], "q": ["must be a string"]}

    response = api.post(URL, {"q": "x" * 500}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["q"]
    assert ArchiveJob.objects.count() == 0


def test_it_answers_401_without_credentials(client):
    assert client.post(URL, {}, content_type="application/json").status_code == 401


def test_a_finished_export_has_a_download_url_and_the_archive(api, library):
    job_id = api.post(URL, {"q": "月光"}, format="json").json()["id"]
    export_job_run(job_id=job_id)

    body = api.get(f"{URL}{job_id}/").json()
    assert body["status"] == "done"
    assert body["progress"] == 100
    assert body["download_url"] == f"http://testserver{URL}{job_id}/download/"
    download = api.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "lyrics/moon/0.md" in archive.namelist()
    assert "lyrics/rain/0.md" not in archive.namelist()


def test_another_user_cannot_see_an_export_but_staff_can(api, library, django_user_model):
    job_id = api.post(URL, {}, format="json").json()["id"]
    export_job_run(job_id=job_id)
    other = token_client(django_user_model.objects.create_user("other"))
    staff = token_client(django_user_model.objects.create_user("boss", is_staff=True))

    assert other.get(f"{URL}{job_id}/").status_code == 404
    assert other.get(f"{URL}{job_id}/download/").status_code == 404
    assert staff.get(f"{URL}{job_id}/").json()["status"] == "done"


def test_the_file_is_deleted_after_the_retention(api, library, archive_root, settings):
    settings.EXPORT_RETENTION_HOURS = 0
    job_id = api.post(URL, {}, format="json").json()["id"]
    export_job_run(job_id=job_id)
    assert list((archive_root / "exports").iterdir())

    assert exports_expire() == 1

    assert not list((archive_root / "exports").iterdir())
    assert api.get(f"{URL}{job_id}/").status_code == 404


def test_running_the_same_job_twice_does_nothing_the_second_time(api, library):
    job_id = api.post(URL, {}, format="json").json()["id"]
    export_job_run(job_id=job_id)
    finished = ArchiveJob.objects.get(pk=job_id).finished_at

    export_job_run(job_id=job_id)

    assert ArchiveJob.objects.get(pk=job_id).finished_at == finished
