"""deploy/monitoring/: the Prometheus rules pass promtool (syntax and their
own tests on sample series), the Grafana dashboard is JSON, and every metric
either queries is one /metrics exports."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from lyricsapp.credits.models import CreditSample

MONITORING = Path(__file__).resolve().parents[2] / "deploy" / "monitoring"
METRIC = re.compile(r"\blyrics_[a-z_]+\b")


def promtool(*args):
    path = shutil.which("promtool")
    if path is None:
        pytest.fail("promtool is missing: make test installs Debian's prometheus package")
    return subprocess.run([path, *args], cwd=MONITORING, capture_output=True, text=True)


def test_the_alert_rules_are_valid():
    result = promtool("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 8 rules found" in result.stdout


def test_the_alert_rules_pass_their_tests_on_sample_series():
    result = promtool("test", "rules", "alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_the_rule_tests_can_fail(tmp_path):
    """A wrong expectation is caught: the tests above check something."""
    broken = (
        (MONITORING / "alerts_test.yml")
        .read_text()
        .replace("Failure spike: 11 tasks", "Failure spike: 12 tasks")
    )
    (tmp_path / "alerts.yml").write_text((MONITORING / "alerts.yml").read_text())
    (tmp_path / "alerts_test.yml").write_text(broken)
    result = subprocess.run(
        [shutil.which("promtool") or "promtool", "test", "rules", "alerts_test.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0


@pytest.fixture
def exported(client, db):
    CreditSample.objects.create(credits=10)  # the balance is exported once known
    response = client.get("/metrics")
    assert response.status_code == 200
    return set(re.findall(r"^(lyrics_[a-z_]+)", response.content.decode(), re.MULTILINE))


def test_every_metric_of_the_rules_is_exported(exported):
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    used = {
        m
        for group in rules["groups"]
        for rule in group["rules"]
        for m in METRIC.findall(rule["expr"])
    }
    assert used and used <= exported, used - exported


def test_the_dashboard_is_json_querying_exported_metrics(exported):
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    assert dashboard["title"] and dashboard["panels"]
    used = {
        metric
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for metric in METRIC.findall(target["expr"])
    }
    # lyrics_callbacks is a counter: its samples are lyrics_callbacks_total.
    exported = exported | {m.removesuffix("_total") for m in exported}
    assert len(used) >= 10 and used <= exported, used - exported
