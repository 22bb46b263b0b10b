"""The beat job on a real Celery worker: a lost callback is recovered by polling."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from lyricsapp.models import Task
from lyricsapp.provider.services import task_submit
from lyricsapp.provider.tasks import provider_reconcile
from tests.provider_fixtures import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(provider, settings):
    queue = f"provider-test-{uuid.uuid4().hex[:8]}"
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres:///{connection.settings_dict['NAME']}",
        CELERY_BROKER_URL=django_settings.CELERY_BROKER_URL,
        SUNO_API_BASE_URL=provider.url,
        SUNO_API_KEY=settings.SUNO_API_KEY,
        SUNO_RATE_LIMIT=settings.SUNO_RATE_LIMIT,
        SUNO_HTTP_RETRIES="0",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "project",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        cwd=django_settings.BASE_DIR,
    )
    yield queue
    process.terminate()
    process.wait(timeout=10)


def test_it_recovers_a_lost_callback_on_a_real_worker(provider, worker):
    task = task_submit(
        user=get_user_model().objects.create_user("poet"), prompt="lost at sea #lost #delay=0"
    )
    Task.objects.filter(pk=task.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    provider_reconcile.apply_async(queue=worker)

    def stored():
        task.refresh_from_db()
        return task.status == "complete"

    wait_for(stored, timeout=30)
    assert task.lyrics.count() == 2
    assert [r[1:] for r in provider.requests if r[1] == "GET"] == [
        ("GET", "/api/v1/lyrics/record-info", 200)
    ]
