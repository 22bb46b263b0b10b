"""Reads of the pages and the read API from a PostgreSQL replica
(DATABASE_REPLICA_URL), everything else from the primary.

Only GET and HEAD requests read from the replica, and only the library's own
tables: sessions and users stay on the primary, so a fresh login is never
lost to replication lag. For a few seconds after a browser wrote something
(any other method), its reads stay on the primary too, so a page shown right
after a save shows the save.
"""

import contextvars
import time

from django.conf import settings

REPLICA = "replica"
# Tables a replica may serve: the library's, never auth or sessions.
REPLICA_APPS = {"lyricsapp", "callbacks", "taggit"}
STICKY_COOKIE = "read_primary_until"
STICKY_SECONDS = 5

_read_replica = contextvars.ContextVar("read_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _read_replica.get() and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two connections to it

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD") and not self._wrote_lately(request)
        token = _read_replica.set(reading)
        try:
            response = self.get_response(request)
        finally:
            _read_replica.reset(token)
        if not reading and request.method not in ("GET", "HEAD"):
            response.set_cookie(
                STICKY_COOKIE,
                str(int(time.time()) + STICKY_SECONDS),
                max_age=STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def _wrote_lately(request):
        try:
            return int(request.COOKIES.get(STICKY_COOKIE, "0")) >= time.time()
        except ValueError:
            return False
