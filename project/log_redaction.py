"""Log formatting that keeps secrets out of every log line.

Used by Django's logging (settings.LOGGING) and by gunicorn's access and
error logs (project/gunicorn.conf.py): the finished line, traceback
included, goes through ``redact`` before it is written.
"""

import logging

from gunicorn.glogging import Logger, SafeAtoms

from project.credentials import REDACTED, redact

# Request headers that carry a secret; gunicorn offers every header as an atom.
SECRET_HEADERS = ("x-callback-token", "authorization", "cookie", "x-webhook-signature")


class RedactingFormatter(logging.Formatter):
    """A formatter whose output never holds a token, a URL password or a configured secret."""

    def __init__(self, *args, inner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inner = inner

    def format(self, record):
        line = self.inner.format(record) if self.inner else super().format(record)
        return redact(line)


def redact_handlers(log):
    for handler in log.handlers:
        if not isinstance(handler.formatter, RedactingFormatter):
            handler.setFormatter(RedactingFormatter(inner=handler.formatter or logging.Formatter()))


def _is_secret_header_atom(key):
    """``{x-callback-token}i`` (request header) or ``{http_x_callback_token}e`` (environ)."""
    name = key[1:-2].lower()
    if key.endswith("}i"):
        return name in SECRET_HEADERS
    if key.endswith("}e"):
        return name.startswith("http_") and name[5:].replace("_", "-") in SECRET_HEADERS
    return False


class RedactingAtoms(SafeAtoms):
    """A secret header's value, even a wrong guess, is never printed."""

    def __getitem__(self, key):
        if key.startswith("{") and _is_secret_header_atom(key):
            return REDACTED
        return super().__getitem__(key)


class RedactingGunicornLogger(Logger):
    """gunicorn's logger with the callback token and secret headers redacted.

    The access log's request line (``%(r)s``) and query (``%(q)s``) hold the
    token when the provider sends it as ``?token=``, wrong guesses too, and
    error lines ("Error handling request <uri>") may hold it as well: every
    finished line goes through ``redact``.
    """

    atoms_wrapper_class = RedactingAtoms

    def setup(self, cfg):
        super().setup(cfg)
        redact_handlers(self.error_log)
        redact_handlers(self.access_log)
