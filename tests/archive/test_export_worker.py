"""An export requested through the API is written by a real Celery worker."""

import pytest

from lyricsapp.models import ArchiveJob
from tests.api_helpers import make_task, token_client
from tests.provider_fixtures import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_writes_the_export_and_it_downloads(
    start_worker, django_user_model, settings, tmp_path
):
    settings.ARCHIVE_ROOT = tmp_path
    # The worker writes progress while it holds the export's read-only snapshot.
    start_worker(ARCHIVE_ROOT=tmp_path)
    for n in range(5):
        make_task(
            f"t{n}", lyrics=[{"title": f"Song {n}", "text": "[Verse]\n月光", "status": "complete"}]
        )
    api = token_client(django_user_model.objects.create_user("reader"))

    job_id = api.post("/api/v1/exports/", {}, format="json").json()["id"]

    wait_for(lambda: ArchiveJob.objects.get(pk=job_id).status == "done", timeout=60)
    body = api.get(f"/api/v1/exports/{job_id}/").json()
    assert body["progress"] == 100
    download = api.get(body["download_url"])
    assert download.status_code == 200
    assert (tmp_path / "exports" / f"{job_id}.zip").exists()
