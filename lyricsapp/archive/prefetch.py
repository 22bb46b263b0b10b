"""Iterate one step ahead in a thread.

The export reads a batch of rows (PostgreSQL's work, with psycopg waiting on
the socket without the GIL) while it packs the previous one (Python's work):
on two cores the two overlap instead of taking turns.
"""

import contextlib
import queue
import threading

_END = object()


class _Failed:
    def __init__(self, error):
        self.error = error


def ahead(items):
    """Yield the items of the iterable ``items``, each one produced in a
    worker thread while the caller handles the previous one.

    ``items`` must not share anything with the caller's thread while this
    runs (the export hands it the raw database connection, which the caller
    leaves alone until the last item). When the caller stops early, the worker
    stops at its next item and ``items`` is closed in the worker.
    """
    slot = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce():
        try:
            for item in items:
                slot.put(item)
                if stop.is_set():
                    return
            slot.put(_END)
        except BaseException as error:  # noqa: BLE001 (handed to the caller)
            slot.put(_Failed(error))
        finally:
            close = getattr(items, "close", None)
            if close:
                close()

    worker = threading.Thread(target=produce, name="archive-prefetch", daemon=True)
    worker.start()
    try:
        while (item := slot.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        # Free the worker if it waits to hand over an item nobody takes.
        while worker.is_alive():
            with contextlib.suppress(queue.Empty):
                slot.get(timeout=0.05)
        worker.join()
