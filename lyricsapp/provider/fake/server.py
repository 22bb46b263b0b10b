"""A fake of the provider's lyrics API, for development, demos and tests.

A real HTTP server (stdlib ``ThreadingHTTPServer``) answering
``POST /api/v1/lyrics`` and ``GET /api/v1/lyrics/record-info`` in the
provider's shapes, and POSTing the result to ``callBackUrl`` after a delay,
the way the provider does: retried on a non-2xx answer after 1, 5 and 15
minutes (scaled down), optionally twice, in either casing, or never.

What happens to a task is drawn from the configured rates, or forced by
directives in the prompt: ``#fail=531``, ``#lost``, ``#dup``, ``#camel``,
``#snake``, ``#delay=3``, ``#submit=429`` (the submit itself answers 429).
"""

import functools
import hashlib
import heapq
import itertools
import json
import logging
import random
import threading
import time
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer

import httpx

from callbacks.auth import sign
from lyricsapp.provider.fake.http import Handler
from lyricsapp.provider.fake.records import (
    DIRECTIVE,
    FAILURE_MESSAGES,
    PROMPT_MAX,
    PROVIDER_RETRY_DELAYS,
    FakeConfig,
    FakeTask,
    fake_lyrics,
)

logger = logging.getLogger(__name__)


class FakeSuno:
    """The fake provider; ``start()`` serves in a background thread, ``stop()`` ends it."""

    def __init__(self, config=None, host="127.0.0.1", port=0):
        self.config = config or FakeConfig()
        self.rng = random.Random(self.config.seed)
        self.lock = threading.Lock()
        self.tasks: dict[str, FakeTask] = {}
        # Codes the next submits / record-info calls answer with, for tests.
        self.submit_errors: deque[int] = deque()
        self.record_errors: deque[int] = deque()
        # Result codes forced on the next tasks (None: success), for tests.
        self.outcomes: deque[int | None] = deque()
        self.requests: list[tuple[float, str, str, int]] = []
        self._window: deque[float] = deque()
        self._queue: list = []
        self._counter = itertools.count()
        self._wakeup = threading.Condition(self.lock)
        self._stopping = False
        self._senders = ThreadPoolExecutor(max_workers=8, thread_name_prefix="fake-suno-callback")
        self._http = httpx.Client(timeout=15.0)
        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.server.fake = self
        self._threads = []

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        serve = functools.partial(self.server.serve_forever, poll_interval=0.05)
        serve.__name__ = "serve"
        for target in (serve, self._schedule_loop):
            thread = threading.Thread(
                target=target, daemon=True, name=f"fake-suno-{target.__name__}"
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self):
        with self.lock:
            self._stopping = True
            self._wakeup.notify_all()
        self.server.shutdown()
        self.server.server_close()
        self._senders.shutdown(wait=False, cancel_futures=True)
        for thread in self._threads:
            thread.join(timeout=5)
        self._http.close()

    def serve_forever(self):
        self.start()
        try:
            while True:
                time.sleep(3600)
        finally:
            self.stop()

    # -- the API ---------------------------------------------------------------

    def rate_limited(self):
        limit, window = self.config.rate_limit
        now = time.monotonic()
        with self.lock:
            while self._window and self._window[0] <= now - window:
                self._window.popleft()
            if len(self._window) >= limit:
                return True
            self._window.append(now)
            return False

    def submit(self, body):
        if self.submit_errors:
            return self.submit_errors.popleft(), None
        prompt = body.get("prompt") if isinstance(body, dict) else None
        callback_url = body.get("callBackUrl") if isinstance(body, dict) else None
        if not isinstance(prompt, str) or not prompt.strip() or not isinstance(callback_url, str):
            return 400, None
        if len(prompt) > PROMPT_MAX:
            return 413, None
        directives = dict(DIRECTIVE.findall(prompt))
        if "submit" in directives:
            return int(directives["submit"] or 500), None
        task = self._plan(prompt, callback_url, directives)
        with self.lock:
            self.tasks[task.task_id] = task
        if not task.lost:
            self._schedule(task.due, task.task_id, 0, task.camel)
        return 200, {"taskId": task.task_id}

    def _plan(self, prompt, callback_url, directives):
        config, rng = self.config, self.rng
        now = time.time()
        delay = rng.uniform(*config.delay)
        if directives.get("delay"):
            delay = float(directives["delay"])
        fail_code = None
        if self.outcomes:
            fail_code = self.outcomes.popleft()
        elif "fail" in directives:
            fail_code = int(directives["fail"] or 501)
        elif rng.random() < config.fail_rate:
            fail_code = rng.choice(config.fail_codes)
        camel = rng.random() < config.camel_rate
        if "camel" in directives or "snake" in directives:
            camel = "camel" in directives
        task_id = uuid.uuid4().hex
        clean = DIRECTIVE.sub("", prompt).strip() or "untitled"
        seed = int(hashlib.sha256(task_id.encode()).hexdigest()[:8], 16)
        return FakeTask(
            task_id=task_id,
            prompt=prompt,
            callback_url=callback_url,
            created=now,
            due=now + delay,
            fail_code=fail_code,
            lost="lost" in directives or rng.random() < config.lose_rate,
            duplicate="dup" in directives or rng.random() < config.duplicate_rate,
            camel=camel,
            items=[] if fail_code else fake_lyrics(clean, seed),
        )

    def record(self, task_id):
        if self.record_errors:
            return self.record_errors.popleft(), None
        with self.lock:
            task = self.tasks.get(task_id)
        if task is None:
            return 400, None
        status = task.record_status
        items = None
        if status in ("SUCCESS", "CALLBACK_EXCEPTION"):
            items = [
                {"text": i["text"], "title": i["title"], "status": i["status"], "errorMessage": ""}
                for i in task.items
            ]
        failed = status in ("SENSITIVE_WORD_ERROR", "GENERATE_LYRICS_FAILED")
        return 200, {
            "taskId": task.task_id,
            "param": json.dumps({"prompt": task.prompt, "callBackUrl": task.callback_url}),
            "response": {"taskId": task.task_id, "data": items},
            "status": status,
            "type": "LYRICS",
            "errorCode": task.fail_code if failed else None,
            "errorMessage": FAILURE_MESSAGES.get(task.fail_code, "") if failed else None,
        }

    # -- callbacks ---------------------------------------------------------------

    def callback_body(self, task, camel):
        id_key, items_key, error_key = (
            ("taskId", "lyricsData", "errorMessage")
            if camel
            else ("task_id", "data", "error_message")
        )
        if task.fail_code is not None:
            code, msg, kind, items = (
                task.fail_code,
                FAILURE_MESSAGES.get(task.fail_code, "Failed."),
                "error",
                None,
            )
        else:
            code, msg, kind = 200, "All generated successfully.", "complete"
            items = [
                {error_key: "", "status": i["status"], "text": i["text"], "title": i["title"]}
                for i in task.items
            ]
        return {
            "code": code,
            "msg": msg,
            "data": {"callbackType": kind, id_key: task.task_id, items_key: items},
        }

    def _schedule(self, when, task_id, attempt, camel):
        with self.lock:
            heapq.heappush(self._queue, (when, next(self._counter), task_id, attempt, camel))
            self._wakeup.notify()

    def _schedule_loop(self):
        with self.lock:
            while not self._stopping:
                if not self._queue:
                    self._wakeup.wait()
                    continue
                when = self._queue[0][0]
                if when > time.time():
                    self._wakeup.wait(timeout=when - time.time())
                    continue
                _, _, task_id, attempt, camel = heapq.heappop(self._queue)
                try:
                    self._senders.submit(self._deliver, task_id, attempt, camel)
                except RuntimeError:  # shutting down
                    return

    def _deliver(self, task_id, attempt, camel):
        task = self.tasks[task_id]
        body = json.dumps(self.callback_body(task, camel), ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if self.config.hmac_key:
            timestamp = str(int(time.time()))
            headers["X-Webhook-Timestamp"] = timestamp
            headers["X-Webhook-Signature"] = sign(self.config.hmac_key, task_id, timestamp)
        try:
            status = self._http.post(task.callback_url, content=body, headers=headers).status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        with self.lock:
            task.attempts.append(status)
        if isinstance(status, int) and 200 <= status < 300:
            if not task.delivered and task.duplicate:
                # A second delivery of the same result, in the other casing.
                self._schedule(time.time() + 0.3, task_id, attempt, not camel)
            task.delivered = True
            return
        if task.delivered:
            return  # only the duplicate failed; the provider does not retry those
        if attempt >= len(PROVIDER_RETRY_DELAYS):
            task.gave_up = True
            return
        delay = PROVIDER_RETRY_DELAYS[attempt] * self.config.retry_scale
        self._schedule(time.time() + delay, task_id, attempt + 1, camel)
