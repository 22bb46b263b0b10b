"""Recover tasks from the provider's records by their ids (admin and command)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from callbacks.models import Delivery
from lyricsapp.archive.jobs import recover_job_run
from lyricsapp.models import ArchiveJob, Task
from lyricsapp.provider.recover import task_ids_parse, tasks_recover
from lyricsapp.provider.services import task_submit
from tests.callback_helpers import callback_body, post_callback

pytestmark = pytest.mark.django_db


def elsewhere(prompt="paper boats #lost #delay=0"):
    """A task the provider knows whose callback never reached this server."""
    poet, _ = get_user_model().objects.get_or_create(username="poet")
    task = task_submit(user=poet, prompt=prompt)
    task_id = task.task_id
    task.delete()
    return task_id


def test_it_stores_found_tasks_like_callbacks_and_reports_the_rest(provider, client):
    found = elsewhere()
    stored = elsewhere()
    post_callback(client, callback_body(stored))

    report = tasks_recover(task_ids=[found, stored, "never-heard-of"])

    assert report.found == [found]
    assert report.already_stored == [stored]
    assert report.unknown == ["never-heard-of"]
    assert report.summary() == "found 1, already stored 1, unknown 1, not final yet 0, errors 0"
    task = Task.objects.get(task_id=found)
    assert (task.status, task.lyrics.count()) == ("complete", 2)
    assert Delivery.objects.get(task_id=found).source == "poll"
    # Already stored ones cost no request to the provider.
    assert not Delivery.objects.filter(task_id=stored, source="poll").exists()


def test_the_admin_form_runs_a_job_with_a_report(admin_client, provider):
    found = elsewhere()

    response = admin_client.post(
        "/admin/lyricsapp/archivejob/recover/", {"task_ids": f"{found}\n\nnope-1, nope-2"}
    )

    job = ArchiveJob.objects.get(kind="recover")
    assert response["Location"] == f"/archive/jobs/{job.pk}/"
    assert job.filters == {"task_ids": [found, "nope-1", "nope-2"]}
    recover_job_run(job_id=job.pk)
    page = admin_client.get(f"/archive/jobs/{job.pk}/").content.decode()
    assert "Recovered from the provider: found 1, already stored 0, unknown 2." in page
    assert "nope-2" in page


def test_the_admin_form_names_an_invalid_id(admin_client, provider):
    response = admin_client.post("/admin/lyricsapp/archivejob/recover/", {"task_ids": "ok\x01bad"})

    assert response.status_code == 200
    assert "must not contain whitespace or control characters" in response.content.decode()
    assert not ArchiveJob.objects.exists()


def test_the_admin_form_needs_the_provider_key(admin_client, settings):
    settings.SUNO_API_KEY = ""

    page = admin_client.get("/admin/lyricsapp/archivejob/recover/").content.decode()

    assert "set SUNO_API_KEY" in page


def test_the_command_reads_ids_from_a_file(provider, tmp_path, capsys):
    found = elsewhere()
    path = tmp_path / "ids.txt"
    path.write_text(f"{found}\nunknown-id\n")

    call_command("recover_tasks", str(path))

    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "found 1, already stored 0, unknown 1, not final yet 0, errors 0"
    assert "unknown: unknown-id" in out


def test_the_command_needs_the_provider_key(settings, tmp_path):
    settings.SUNO_API_KEY = ""
    with pytest.raises(CommandError, match="SUNO_API_KEY"):
        call_command("recover_tasks", str(tmp_path / "ids.txt"))


def test_ids_are_parsed_once_each_in_order():
    assert task_ids_parse("b\na, b\n\n c") == ["b", "a", "c"]
    with pytest.raises(ValueError, match="must be 1 to 128"):
        task_ids_parse("x" * 129)
