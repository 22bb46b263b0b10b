"""Recover results whose callbacks went elsewhere, from the provider's records.

Given task ids (pasted in the admin, or a file for recover_tasks), each one
not stored here yet is read with record-info, within the shared rate limit,
and stored exactly as a callback would be (callbacks.services.callback_store,
recorded as a ``poll`` delivery). The provider keeps records for about 15
days, so this works within that window.
"""

import logging
from dataclasses import asdict, dataclass, field

from callbacks.payload import InvalidPayload, task_id_problem
from lyricsapp.models import Task
from lyricsapp.provider.client import ProviderError, client_from_settings
from lyricsapp.provider.services import task_poll

logger = logging.getLogger(__name__)
# Answers of record-info meaning "no such task" (the provider answers 400).
UNKNOWN_CODES = {400, 404, 422}
# How many ids of each kind a report lists.
REPORT_IDS = 20
MAX_IDS = 10_000


@dataclass
class RecoverReport:
    found: list = field(default_factory=list)
    already_stored: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    not_final: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def summary(self):
        return (
            f"found {len(self.found)}, already stored {len(self.already_stored)}, "
            f"unknown {len(self.unknown)}, not final yet {len(self.not_final)}, "
            f"errors {len(self.errors)}"
        )

    def as_dict(self):
        counts = {name: len(ids) for name, ids in asdict(self).items()}
        lists = {name: ids[:REPORT_IDS] for name, ids in asdict(self).items()}
        return {"counts": counts, "first": lists, "summary": self.summary()}


def task_ids_parse(text):
    """One id a line (or separated by spaces or commas), blanks dropped, order kept,
    each once; raises ValueError naming the first invalid one."""
    ids = list(dict.fromkeys(part for part in text.replace(",", " ").split() if part))
    for task_id in ids:
        problem = task_id_problem(task_id)
        if problem:
            raise ValueError(f"{task_id[:40]!r}: {problem}")
    if len(ids) > MAX_IDS:
        raise ValueError(f"{len(ids):,} task ids: at most {MAX_IDS:,} at once")
    return ids


def tasks_recover(*, task_ids, client=None, progress=None) -> RecoverReport:
    """Fetch and store each id not stored with a result yet; ``progress(done, total)``."""
    report = RecoverReport()
    stored = set(
        Task.objects.filter(task_id__in=task_ids)
        .exclude(status=Task.Status.PENDING)
        .values_list("task_id", flat=True)
    )
    owns_client = client is None
    client = client or client_from_settings()
    try:
        for done, task_id in enumerate(task_ids, 1):
            if task_id in stored:
                report.already_stored.append(task_id)
            else:
                _recover_one(task_id, client, report)
            if progress:
                progress(done, len(task_ids))
    finally:
        if owns_client:
            client.close()
    return report


def _recover_one(task_id, client, report):
    try:
        outcome = task_poll(task_id=task_id, client=client)
    except ProviderError as exc:
        if exc.code in UNKNOWN_CODES:
            report.unknown.append(task_id)
        else:
            report.errors.append(f"{task_id}: {exc.words}")
        return
    except InvalidPayload as exc:
        report.errors.append(f"{task_id}: {exc.error}")
        return
    if outcome is None:
        report.not_final.append(task_id)
    elif outcome == "received":
        report.found.append(task_id)
    else:
        # Stored meanwhile (a callback arrived): a duplicate or a conflict.
        report.already_stored.append(task_id)
