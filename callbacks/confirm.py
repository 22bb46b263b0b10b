"""Confirm mode (SUNO_CONFIRM_CALLBACKS): a callback is a hint, the record is the truth.

Like dj-stripe's "retrieve event" validation: the body of a callback for a
task without a result is recorded but not trusted. The task is held as
pending and a Celery job reads the provider's record-info, whose answer is
stored through the ordinary ingestion path. The callback is still answered in
milliseconds: the provider is asked afterwards, never while it waits. A
callback for a task that already has its result is compared as usual
(duplicate or conflict): the first result is final either way.
"""

import logging

from django.db import transaction

from callbacks.models import Delivery
from callbacks.payload import Callback
from callbacks.services import RequestInfo, delivery_create
from lyricsapp.models import Task
from project.celery import app

logger = logging.getLogger(__name__)

# The provider's task is reached by its registered name (the message
# interface): the provider package stores through callbacks, so importing it
# here would be a cycle. lyricsapp's AppConfig.ready() registers it.
PROVIDER_CONFIRM = "lyricsapp.provider_tasks.provider_confirm"


@transaction.atomic
def callback_hold(*, callback: Callback, request: RequestInfo) -> tuple[str, bool]:
    """Record a callback without trusting it; return (outcome, first delivery of the task)."""
    task, _ = Task.objects.select_for_update().get_or_create(
        task_id=callback.task_id, defaults={"status": Task.Status.PENDING}
    )
    first = not Delivery.objects.filter(task_id=callback.task_id).exists()
    outcome = task.repeat_outcome(callback.result_hash) or Delivery.Outcome.UNCONFIRMED
    delivery_create(request=request, task_id=callback.task_id, outcome=outcome, http_status=200)
    if outcome == Delivery.Outcome.UNCONFIRMED:
        transaction.on_commit(lambda: confirm_enqueue(task_id=callback.task_id))
    return outcome, first


def confirm_enqueue(*, task_id):
    """Ask a worker to read the record; if the broker is down the sweep polls it later."""
    try:
        app.tasks[PROVIDER_CONFIRM].delay(task_id)
    except Exception:  # the broker's errors vary by transport
        logger.warning("could not enqueue the confirmation of %s", task_id, exc_info=True)
