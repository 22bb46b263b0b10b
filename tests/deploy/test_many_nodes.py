"""Two web nodes and two worker nodes on one PostgreSQL and one broker, behind
deploy/nginx/lyrics.conf: nothing stored twice, nothing acknowledged lost."""

import http.client
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import transaction

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.brokers import Worker, wait_until
from tests.callback_helpers import TOKEN, URL, callback_body, encode
from tests.deploy.test_nginx_proxy import tls_context

pytestmark = [pytest.mark.deploy, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# A killed worker's unacknowledged message comes back from Redis in seconds
# (RabbitMQ hands it out again as soon as the connection drops).
FAST_REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": 5, "LYRICS_RETRY_BACKOFF_MAX_SECONDS": 4}


@pytest.fixture
def cluster(deploy_servers, broker, tmp_path):
    """nginx in front of two web nodes; worker nodes are started by the tests."""
    start_node, start_nginx = deploy_servers
    nodes = [start_node(CELERY_BROKER_URL=broker.url) for _ in range(2)]
    proxy = start_nginx(*nodes)
    workers = []

    def start_worker(**env):
        worker = Worker(broker.url, tmp_path / f"worker{len(workers)}.log", **env)
        workers.append(worker)
        return worker.start()

    yield proxy, nodes, start_worker
    for worker in workers:
        worker.stop()


def post(proxy, task_id, connection=None):
    """One callback through nginx; (status, answer) or (None, error) when it failed."""
    own = connection is None
    connection = connection or http.client.HTTPSConnection(
        "127.0.0.1", proxy.https_port, context=tls_context(), timeout=20
    )
    try:
        connection.request(
            "POST",
            f"{URL}?token={TOKEN}",
            body=encode(callback_body(task_id)),
            headers={"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, repr(exc)
    finally:
        if own:
            connection.close()


def rows_held_by_a_worker(task_ids):
    """Some of these rows are locked by another transaction: a worker is on them."""
    with transaction.atomic():
        free = Task.objects.select_for_update(skip_locked=True).filter(task_id__in=task_ids)
        return len(free) < len(task_ids)


def requests_served(node):
    return node.access_log.read_text().count("POST /callbacks/suno/lyrics/")


def test_it_stores_one_task_for_duplicates_spread_over_both_nodes(cluster):
    proxy, nodes, _ = cluster
    barrier = threading.Barrier(32)

    def deliver(_):
        barrier.wait()
        return post(proxy, "one-task-many-nodes")

    with ThreadPoolExecutor(32) as pool:
        answers = list(pool.map(deliver, range(32)))

    assert {status for status, _ in answers} == {200}
    outcomes = sorted(answer["status"] for _, answer in answers)
    assert outcomes == ["duplicate"] * 31 + ["received"]
    assert Task.objects.filter(task_id="one-task-many-nodes").count() == 1
    assert Delivery.objects.count() == 32
    assert all(requests_served(node) > 0 for node in nodes), "nginx used one node only"


def test_it_loses_no_acknowledged_callback_when_a_web_node_dies(cluster):
    proxy, nodes, _ = cluster
    acknowledged, failed = [], []
    stop = threading.Event()

    def client(number):
        connection = http.client.HTTPSConnection(
            "127.0.0.1", proxy.https_port, context=tls_context(), timeout=20
        )
        sent = 0
        while not stop.is_set():
            task_id = f"load-{number}-{sent}"
            status, answer = post(proxy, task_id, connection)
            (acknowledged if status == 200 else failed).append((task_id, status, answer))
            if status is None:  # the connection broke: open another
                connection.close()
                connection = http.client.HTTPSConnection(
                    "127.0.0.1", proxy.https_port, context=tls_context(), timeout=20
                )
            sent += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(acknowledged) >= 100, 30, message="load under way")
    nodes[0].kill()
    killed_at = len(acknowledged)
    wait_until(lambda: len(acknowledged) >= killed_at + 200, 30, message="load after the kill")
    stop.set()
    for thread in threads:
        thread.join(30)

    stored = set(Task.objects.values_list("task_id", flat=True))
    assert {task_id for task_id, _, _ in acknowledged} <= stored
    # nginx sends a callback that failed on the dead node to the other one;
    # only one whose answer had begun when the node died can break, at most
    # one per client, and the provider's retry of it then succeeds.
    assert len(failed) <= len(threads), failed
    for task_id, _, _ in failed:
        status, answer = post(proxy, task_id)
        assert status == 200, answer
        assert task_id in set(Task.objects.values_list("task_id", flat=True))


def test_it_loses_no_work_when_a_worker_node_dies_mid_task(cluster):
    proxy, _, start_worker = cluster
    # Both nodes take messages; one is slow, so it is caught mid-task.
    survivor = start_worker(**FAST_REDELIVERY)
    doomed = start_worker(LYRICS_PROCESSING_DELAY_SECONDS=60, **FAST_REDELIVERY)
    ids = [f"work-{n}" for n in range(20)]
    for task_id in ids:
        assert post(proxy, task_id)[0] == 200
    wait_until(lambda: rows_held_by_a_worker(ids), 15, message="a worker node is mid-task")

    doomed.kill()

    processed = Task.objects.filter(task_id__in=ids, processed_at__isnull=False)
    wait_until(
        lambda: processed.count() == 20,
        40,
        interval=0.2,
        message=lambda: f"all processed ({processed.count()} of 20)\n{survivor.log_text()[-3000:]}",
    )
    assert set(Task.objects.values_list("processing_attempts", flat=True)) == {1}
