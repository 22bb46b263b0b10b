"""Celery jobs of the alerts: thin, they call the services."""

from celery import shared_task

from lyricsapp.alerts import services
from lyricsapp.processing.tasks import fresh_connection

RETRY_BASE_SECONDS = 15
RETRY_MAX_SECONDS = 600


@shared_task(bind=True, ignore_result=True)
def alerts_check(self):
    """Beat: check every rule; alerts go out as their own jobs."""
    fresh_connection(self)
    return len(services.alerts_check())


@shared_task(bind=True, ignore_result=True, max_retries=services.MAX_ATTEMPTS)
def alert_send(self, log_id):
    """Send one recorded alert to its target; retried with backoff when it fails."""
    fresh_connection(self)
    if not services.alert_deliver(log_id=log_id):
        countdown = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**self.request.retries)
        raise self.retry(countdown=countdown)
