import shutil
from contextlib import ExitStack, contextmanager

import pytest

from tests.deploy.proxies import Nginx
from tests.deploy.servers import ROOT, Gunicorn


@contextmanager
def servers(directory):
    """start_node() and start_nginx(*nodes), all stopped on exit."""
    assert shutil.which("nginx"), "nginx is not installed (make test installs it)"
    with ExitStack() as stack:

        def start_node(**env):
            env = {"TRUSTED_PROXY_COUNT": 1, "TRUST_X_FORWARDED_PROTO": "true", **env}
            node = Gunicorn(directory, **env)
            stack.callback(node.stop)
            return node.start()

        def start_nginx(*nodes):
            place = directory / f"nginx-{len(stack._exit_callbacks)}"
            place.mkdir()
            proxy = Nginx(place, [node.port for node in nodes], static_root=ROOT / "static")
            stack.callback(proxy.stop)
            return proxy.start()

        yield start_node, start_nginx


@pytest.fixture
def deploy_servers(django_db_setup, tmp_path):
    with servers(tmp_path) as started:
        yield started
