import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from lyricsapp.models import Task
from lyricsapp.provider.client import SunoClient
from lyricsapp.provider.ratelimit import ProviderRateLimiter, provider_rate_limiter
from lyricsapp.provider.services import task_submit, tasks_reconcile


def _most_in_any_window(times, window):
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times))


def test_it_keeps_several_processes_under_the_provider_limit(fake_suno):
    """Two limiters on one Redis key stand for two workers; the fake enforces 5 per second."""
    # The fake counts in a slightly shorter window: requests sent 1 s apart
    # may arrive a little closer together.
    fake_suno.config.rate_limit = (5, 0.9)
    rate = "5 per 1 second"
    ProviderRateLimiter(redis_url=django_settings.REDIS_URL, rate=rate).reset()
    errors = []

    def worker():
        limiter = ProviderRateLimiter(redis_url=django_settings.REDIS_URL, rate=rate)
        client = SunoClient(base_url=fake_suno.url, api_key="k", retries=0, limiter=limiter)
        for _ in range(6):
            try:
                client.record_info(task_id="unknown")
            except Exception as exc:
                errors.append(getattr(exc, "code", exc))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answered = [code for _, _, _, code in fake_suno.requests]
    assert len(answered) == 12
    assert 430 not in answered  # the fake never had to refuse
    assert errors == [400] * 12  # unknown task, answered every time
    times = [t for t, _, _, _ in fake_suno.requests]
    assert _most_in_any_window(times, 0.95) <= 5
    # 12 requests at 5 per second take about 2 s (less a little arrival jitter).
    assert max(times) - min(times) >= 1.9


@pytest.mark.django_db
def test_it_polls_many_stale_tasks_within_the_limit(provider, settings):
    settings.SUNO_RATE_LIMIT = "4 per 1 second"
    settings.LYRICS_SWEEP_SECONDS = 4
    provider.config.rate_limit = (4, 0.9)
    provider_rate_limiter().reset()
    user = get_user_model().objects.create_user("poet")
    tasks = [task_submit(user=user, prompt=f"song {n} #lost #delay=0") for n in range(8)]
    Task.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    report = tasks_reconcile()
    assert report.stored == 8 and report.errors == 0
    assert Task.objects.filter(status="complete").count() == len(tasks)
    polls = [t for t, method, _, _ in provider.requests if method == "GET"]
    assert _most_in_any_window(polls, 0.95) <= 4
    assert 430 not in [code for *_, code in provider.requests]
