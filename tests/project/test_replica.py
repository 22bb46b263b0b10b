"""DATABASE_REPLICA_URL: GET requests read the library's tables from a replica."""

import json
import os
import subprocess
import sys

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from callbacks.models import Delivery
from lyricsapp.models import Lyric, Task
from project.replica import STICKY_COOKIE, ReplicaReadsMiddleware, ReplicaRouter
from tests.brokers import ROOT

router = ReplicaRouter()


def databases_read_during(request):
    """Which database the router picks for each model while the request runs."""
    seen = {}

    def view(request):
        for model in (Lyric, Task, Delivery, User, Session):
            seen[model.__name__] = router.db_for_read(model) or "default"
        return HttpResponse()

    response = ReplicaReadsMiddleware(view)(request)
    return seen, response


def test_it_reads_the_library_from_the_replica_on_a_get():
    seen, _ = databases_read_during(RequestFactory().get("/"))
    assert seen == {
        "Lyric": "replica",
        "Task": "replica",
        "Delivery": "replica",
        "User": "default",  # a fresh login is never lost to replication lag
        "Session": "default",
    }


def test_it_reads_and_writes_the_primary_on_a_post_and_sticks_to_it_for_a_moment():
    seen, response = databases_read_during(RequestFactory().post("/lyrics/1/edit/"))
    assert set(seen.values()) == {"default"}
    assert router.db_for_write(Lyric) == "default"
    sticky = response.cookies[STICKY_COOKIE]
    assert sticky["max-age"] == 5

    after = RequestFactory().get("/lyrics/1/")
    after.COOKIES[STICKY_COOKIE] = sticky.value
    seen, _ = databases_read_during(after)
    assert seen["Lyric"] == "default"


def test_it_ignores_a_garbled_sticky_cookie():
    request = RequestFactory().get("/")
    request.COOKIES[STICKY_COOKIE] = "not-a-time"
    seen, _ = databases_read_during(request)
    assert seen["Lyric"] == "replica"


def test_it_is_off_without_the_setting():
    assert router.db_for_read(Lyric) is None  # outside a request: the primary


def test_it_configures_the_replica_from_the_environment():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS, "
        "s.MIDDLEWARE[-1], s.DATABASES['replica']['TEST']['MIRROR']]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/lyrics",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "replica.internal",
        ["project.replica.ReplicaRouter"],
        "project.replica.ReplicaReadsMiddleware",
        "default",
    ]
