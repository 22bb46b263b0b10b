"""The provider's HTTP API: submit a lyrics task and read its record.

Every answer carries the provider's own ``code`` in the JSON body (the HTTP
status is often 200 even for errors), so the body decides; the HTTP status is
the fallback when the body is not JSON. Transient answers (5xx, 430 "too
frequent", 455 "maintenance") are retried with exponential backoff. A submit
is only retried when the provider refused it or never saw it: retrying after a
read timeout could create, and bill, a second task.
"""

import json
import logging
import random
import time
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from callbacks.payload import Callback, parse_callback
from lyricsapp.provider.health import provider_health_observe
from lyricsapp.provider.ratelimit import provider_rate_limiter

logger = logging.getLogger(__name__)

SUBMIT_PATH = "/api/v1/lyrics"
RECORD_PATH = "/api/v1/lyrics/record-info"
CREDIT_PATH = "/api/v1/generate/credit"
# The provider's limit on a prompt (the fake provider, lyricsapp.provider.fake, enforces the same).
PROMPT_MAX = 200
BACKOFF_CAP = 8.0
# How long a caller waits for a slot under the shared rate limit: a worker
# may wait, a web request waits at most a second and then says "busy, retry".
RATE_LIMIT_WAIT = 10.0
WEB_RATE_LIMIT_WAIT = 1.0

# The provider's error codes on submit, in words a user can act on.
ERROR_WORDS = {
    400: _("The provider refused the request as invalid. Check the prompt and try again."),
    401: _("The provider did not accept the API key. Check SUNO_API_KEY."),
    404: _("The provider does not know this address. Check SUNO_API_BASE_URL."),
    405: _("The provider's rate limit was exceeded. Wait a minute and try again."),
    413: format_lazy(
        _("The prompt is too long for the provider ({max} characters at most)."), max=PROMPT_MAX
    ),
    429: _(
        "The provider account has run out of credits (the provider answered 429, "
        "insufficient credits): nothing was submitted. Add credits to the account, then try again."
    ),
    430: _("Too many requests to the provider in a short time. Wait a few seconds and try again."),
    455: _("The provider is down for maintenance. Try again later."),
    500: _("The provider had an internal error. Try again later."),
}
RETRYABLE_CODES = {430, 455}

# Record statuses that end a task, and the result code used when the record
# carries no errorCode of its own.
PENDING = "PENDING"
SUCCESS = "SUCCESS"
FAILURE_CODES = {
    "CREATE_TASK_FAILED": 500,
    "GENERATE_LYRICS_FAILED": 501,
    "CALLBACK_EXCEPTION": 500,
    "SENSITIVE_WORD_ERROR": 400,
}
FAILURE_WORDS = {
    "CREATE_TASK_FAILED": "The provider could not create the task.",
    "GENERATE_LYRICS_FAILED": "The provider could not generate the lyrics.",
    "CALLBACK_EXCEPTION": "The provider failed while sending the result.",
    "SENSITIVE_WORD_ERROR": "The prompt contains words the provider does not allow.",
}


def error_words(code):
    if code in ERROR_WORDS:
        return str(ERROR_WORDS[code])
    if code is not None and 500 <= code < 600:
        return str(ERROR_WORDS[500])
    return gettext("The provider answered with the unexpected code %(code)s.") % {"code": code}


class ProviderError(Exception):
    """The provider refused a request; ``code`` is its own error code."""

    def __init__(self, code, msg="", retry_after=None):
        super().__init__(f"provider error {code}: {msg}")
        self.code = code
        self.msg = msg
        self.retry_after = retry_after

    @property
    def words(self):
        return error_words(self.code)

    @property
    def retryable(self):
        return self.code in RETRYABLE_CODES or (self.code is not None and self.code >= 500)


class ProviderUnreachable(ProviderError):
    """No answer at all: connection refused, timed out, or not HTTP."""

    def __init__(self, detail, retryable=True):
        super().__init__(None, detail)
        self._retryable = retryable

    @property
    def words(self):
        if not self._retryable:
            return gettext(
                "The provider did not answer in time: the task may have been created anyway. "
                "Check the task list in a few minutes before trying again."
            )
        return gettext("The provider could not be reached. Try again in a minute.")

    @property
    def retryable(self):
        return self._retryable


class ProviderBusy(ProviderError):
    """No free slot under the shared rate limit within the wait allowed."""

    def __init__(self, retry_after, retryable=True):
        super().__init__(430, "no free slot under the shared rate limit", retry_after=retry_after)
        self._retryable = retryable

    @property
    def words(self):
        seconds = max(1, int(self.retry_after or 1))
        return gettext("The provider is busy with other requests. Try again in %(seconds)s s.") % {
            "seconds": seconds
        }

    @property
    def retryable(self):
        return self._retryable


class ProviderDisabled(ProviderError):
    def __init__(self):
        super().__init__(None, "SUNO_API_KEY is not set")

    @property
    def words(self):
        return gettext(
            "Submitting is off: set SUNO_API_KEY in the environment and restart the app."
        )

    @property
    def retryable(self):
        return False


@dataclass(frozen=True)
class Record:
    """One answer of record-info, with the bytes as they came."""

    task_id: str
    status: str
    raw: bytes
    body: dict

    @property
    def is_final(self):
        return self.status == SUCCESS or self.status in FAILURE_CODES

    def as_callback(self) -> Callback | None:
        """The record as a callback, or None while the provider has no final result."""
        if not self.is_final:
            return None
        data = self.body.get("data") or {}
        response = data.get("response") or {}
        items = response.get("data") if "data" in response else response.get("lyricsData")
        complete = isinstance(items, list) and any(
            isinstance(item, dict) and item.get("status") == "complete" for item in items
        )
        # CALLBACK_EXCEPTION means the lyrics exist but the provider could not
        # deliver them: the record is the result.
        if self.status == SUCCESS or (self.status == "CALLBACK_EXCEPTION" and complete):
            code, msg, callback_type = 200, "All generated successfully.", "complete"
        else:
            error_code = data.get("errorCode")
            valid_code = isinstance(error_code, int) and not isinstance(error_code, bool)
            code = error_code if valid_code else FAILURE_CODES[self.status]
            msg = data.get("errorMessage") or FAILURE_WORDS[self.status]
            callback_type = "error"
        body = {
            "code": code,
            "msg": msg if isinstance(msg, str) else str(msg),
            "data": {"callbackType": callback_type, "task_id": self.task_id, "data": items},
        }
        return parse_callback(body)


def _decode(response):
    """The JSON body and the provider's code (the HTTP status if the body says none)."""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return {}, response.status_code
    code = body.get("code")
    if isinstance(code, bool) or not isinstance(code, int):
        code = response.status_code
    return body, code


class SunoClient:
    def __init__(
        self,
        *,
        base_url,
        api_key,
        timeout=10.0,
        retries=3,
        backoff=0.5,
        limiter=None,
        rate_limit_wait=RATE_LIMIT_WAIT,
        transport=None,
        sleep=time.sleep,
        observer=None,
    ):
        if not api_key:
            raise ProviderDisabled()
        self.retries = retries
        self.backoff = backoff
        self.limiter = limiter
        self.rate_limit_wait = rate_limit_wait
        self.sleep = sleep
        # Told of every answer (or its absence): ok, or the ProviderError.
        self.observer = observer
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
        )

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def submit(self, *, prompt, callback_url) -> str:
        """Create a lyrics task; return the provider's task id."""
        body, _raw = self._request(
            "POST",
            SUBMIT_PATH,
            json={"prompt": prompt, "callBackUrl": callback_url},
            idempotent=False,
        )
        task_id = (body.get("data") or {}).get("taskId")
        if not isinstance(task_id, str) or not task_id:
            raise ProviderError(500, "the answer holds no taskId")
        return task_id

    def record_info(self, *, task_id) -> Record:
        body, raw = self._request("GET", RECORD_PATH, params={"taskId": task_id}, idempotent=True)
        data = body.get("data")
        if not isinstance(data, dict):
            raise ProviderError(500, "the record holds no data")
        answered_id = data.get("taskId") or data.get("task_id") or task_id
        if answered_id != task_id:
            raise ProviderError(500, f"asked for {task_id}, got the record of {answered_id}")
        status = data.get("status")
        return Record(
            task_id=task_id, status=status if isinstance(status, str) else "", raw=raw, body=body
        )

    def credits(self) -> int:
        """The account's remaining credits."""
        body, _raw = self._request("GET", CREDIT_PATH, idempotent=True)
        balance = body.get("data")
        if isinstance(balance, bool) or not isinstance(balance, int | float):
            raise ProviderError(500, "the answer holds no credit balance")
        return int(balance)

    def _request(self, method, path, *, idempotent, **kwargs):
        """The JSON body and the raw bytes of a successful answer."""
        for attempt in range(self.retries + 1):
            try:
                answer = self._attempt(method, path, idempotent=idempotent, **kwargs)
            except ProviderError as error:
                self._observe(error)
                if not error.retryable or attempt >= self.retries:
                    raise
                delay = min(BACKOFF_CAP, self.backoff * 2**attempt)
                delay += random.uniform(0, self.backoff)
                if error.retry_after is not None:
                    delay = min(BACKOFF_CAP, max(delay, error.retry_after))
                logger.info("provider %s %s: %s; retrying in %.1f s", method, path, error, delay)
                self.sleep(delay)
            else:
                self._observe(None)
                return answer
        raise AssertionError("unreachable")

    def _observe(self, error):
        if self.observer is None:
            return
        try:
            self.observer(error)
        except Exception:
            # Bookkeeping must never turn an answer into a failure.
            logger.warning("provider observer failed", exc_info=True)

    def _attempt(self, method, path, *, idempotent, **kwargs):
        if self.limiter is not None and not self.limiter.acquire(timeout=self.rate_limit_wait):
            # A short wait means a web request: answer "busy", never sleep and retry.
            raise ProviderBusy(
                self.limiter.retry_after(), retryable=self.rate_limit_wait >= RATE_LIMIT_WAIT
            )
        try:
            response = self.http.request(method, path, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ProviderUnreachable(f"{type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            # Unless the request is idempotent, it may have reached the
            # provider: sending it again could create a second task.
            raise ProviderUnreachable(f"{type(exc).__name__}: {exc}", retryable=idempotent) from exc
        body, code = _decode(response)
        if code == 200 and response.is_success:
            return body, response.content
        msg = body.get("msg") if isinstance(body.get("msg"), str) else response.reason_phrase
        raise ProviderError(code, msg, retry_after=_retry_after(response))


def _retry_after(response):
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def client_from_settings(**overrides) -> SunoClient:
    """A client configured from settings; raises ProviderDisabled without a key."""
    options = {
        "base_url": settings.SUNO_API_BASE_URL,
        "api_key": settings.SUNO_API_KEY,
        "timeout": settings.SUNO_HTTP_TIMEOUT,
        "retries": settings.SUNO_HTTP_RETRIES,
        "limiter": provider_rate_limiter(),
        "observer": provider_health_observe,
    }
    options.update(overrides)
    return SunoClient(**options)


def web_client() -> SunoClient:
    """A client for use inside a web request: it waits at most WEB_RATE_LIMIT_WAIT for a slot."""
    return client_from_settings(rate_limit_wait=WEB_RATE_LIMIT_WAIT)


def provider_enabled():
    return bool(settings.SUNO_API_KEY)
