"""Real gunicorn web nodes for the deploy tests, on the test database; nginx and
PgBouncer are in tests/deploy/proxies.py."""

import os
import sys
from pathlib import Path

from tests.brokers import worker_database_url
from tests.deploy.proxies import ROOT, Process, accepts, free_port, wait_until
from tests.testenv import TEST_BROKER_URL

__all__ = ["ROOT", "Gunicorn", "app_env"]


def app_env(**extra):
    """A production-like environment on the test database and the tests' broker."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", TEST_BROKER_URL),
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "false",
        "SECRET_KEY": "deploy-test-secret",
        "SUNO_CALLBACK_TOKEN": "test-token",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,lyrics.example.com",
    }
    env.pop("CELERY_BROKER_WRITE_URL", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Gunicorn(Process):
    """One web node: the project's own gunicorn.conf.py on a port of its own."""

    def __init__(self, log_dir, port=None, **env):
        self.port = port or free_port()
        self.access_log = Path(log_dir) / f"gunicorn-{self.port}.access.log"
        env = app_env(
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_ACCESSLOG=self.access_log,
            **env,
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "project/gunicorn.conf.py",
            "project.wsgi:application",
        ]
        super().__init__(command, Path(log_dir) / f"gunicorn-{self.port}.log", env)

    def start(self):
        super().start()
        wait_until(
            lambda: accepts(self.port) or self.process.poll() is not None,
            30,
            message=f"gunicorn on {self.port}",
        )
        assert self.process.poll() is None, self.log_text()[-3000:]
        return self
