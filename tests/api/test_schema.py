import json
import re

import pytest

from callbacks.openapi import SUCCESS_EXAMPLE
from callbacks.payload import parse_callback


@pytest.fixture(autouse=True)
def public_docs(settings):
    """The schema's content is tested here; who may read it, in test_open_endpoints."""
    settings.PUBLIC_API_DOCS = True


def _schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
def test_it_publishes_every_endpoint(client):
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/tasks/",
        "/api/v1/tasks/{task_id}/",
        "/api/v1/lyrics/",
        "/api/v1/lyrics/{id}/",
        "/api/v1/credits/",
        "/api/v1/lyrics/{id}/favorite/",
        "/api/v1/lyrics/{id}/restore/",
        "/api/v1/lyrics/bulk/",
        "/api/v1/lyrics/bulk/export/",
        "/api/v1/tags/",
        "/api/v1/webhooks/",
        "/api/v1/webhooks/{id}/",
        "/api/v1/exports/",
        "/api/v1/exports/{id}/",
        "/api/v1/exports/{id}/download/",
        "/api/v1/lyrics/{id}/versions/",
        "/api/v1/lyrics/{id}/versions/{number}/restore/",
        "/api/v1/lyrics/{id}/share/",
        "/api/v1/collections/",
        "/api/v1/collections/{id}/",
        "/api/v1/collections/{id}/lyrics/",
        "/api/v1/collections/{id}/lyrics/{lyric_id}/",
        "/api/v1/collections/{id}/share/",
        "/api/v1/shares/{token}/",
        "/callbacks/suno/lyrics/",
    }
    tasks = schema["paths"]["/api/v1/tasks/"]["get"]
    assert {p["name"] for p in tasks["parameters"]} == {"page", "status", "code"}
    assert set(tasks["responses"]) == {"200", "400", "401", "404"}
    lyrics = schema["paths"]["/api/v1/lyrics/"]["get"]
    assert {p["name"] for p in lyrics["parameters"]} == {
        "page",
        "q",
        "status",
        *("tag", "favorite", "language", "edited", "trashed", "submitted_by", "collection"),
    }
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_it_describes_the_callback_endpoint(client):
    operation = _schema(client)["paths"]["/callbacks/suno/lyrics/"]["post"]
    assert operation.get("security", []) in ([], [{}])
    assert {p["name"] for p in operation["parameters"]} == {"token", "X-Callback-Token"}
    assert set(operation["responses"]) == {"200", "400", "401", "413", "415", "503"}
    for status, response in operation["responses"].items():
        examples = response["content"]["application/json"]["examples"]
        assert examples, status
    body = operation["requestBody"]["content"]["application/json"]
    data = body["schema"]["properties"]["data"]["properties"]
    assert {"task_id", "taskId", "data", "lyricsData", "callbackType"} <= set(data)
    item = data["data"]["items"]["properties"]
    assert {"title", "text", "status", "error_message", "errorMessage"} <= set(item)
    assert body["examples"]["Success"]["value"] == SUCCESS_EXAMPLE


def test_its_examples_are_accepted_by_the_parser():
    from callbacks.openapi import FAILURE_EXAMPLE, VARIANT_EXAMPLE

    assert parse_callback(SUCCESS_EXAMPLE).status == "complete"
    assert parse_callback(FAILURE_EXAMPLE).items == []
    variant = parse_callback(VARIANT_EXAMPLE)
    assert variant.task_id == "3b66882fde0a5d398bd269cab6d9542b"
    assert variant.items[1].error_message == "Lyrics generation failed"


@pytest.mark.django_db
def test_its_task_id_pattern_matches_the_parser():
    from callbacks.openapi import TASK_ID
    from callbacks.payload import InvalidPayload

    pattern = re.compile(TASK_ID["pattern"])
    for task_id in ["abc", "a.b", "星夜", "x\ufeffy", "\x1c", "a b", "a\u3000b", "a\x85b", "\x7f"]:
        body = {"code": 200, "data": {"task_id": task_id}}
        try:
            parse_callback(body)
            accepted = True
        except InvalidPayload:
            accepted = False
        assert bool(pattern.match(task_id)) == accepted, repr(task_id)


@pytest.mark.django_db
def test_it_serves_the_docs_from_vendored_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    assert all(asset.startswith("/") for asset in assets), assets
    assert "//cdn" not in html
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def _walk(node):
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _walk(child)


@pytest.mark.django_db
def test_its_callback_body_is_generated_from_the_payload_model(client):
    from callbacks.openapi import CALLBACK_BODY
    from callbacks.payload import INT32, ITEMS_MAX, TASK_ID_MAX

    operation = _schema(client)["paths"]["/callbacks/suno/lyrics/"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == CALLBACK_BODY
    code = CALLBACK_BODY["properties"]["code"]
    assert (code["type"], code["minimum"], code["maximum"]) == ("integer", -INT32, INT32 - 1)
    data = CALLBACK_BODY["properties"]["data"]
    assert data["anyOf"] == [{"required": ["task_id"]}, {"required": ["taskId"]}]
    for name in ("task_id", "taskId"):
        assert data["properties"][name]["maxLength"] == TASK_ID_MAX
        assert data["properties"][name]["minLength"] == 1
    for name in ("data", "lyricsData"):
        assert data["properties"][name]["maxItems"] == ITEMS_MAX
        assert data["properties"][name]["nullable"] is True
    assert data["properties"]["callback_type"]["description"] == (
        "Alternative spelling of callbackType."
    )
    # OpenAPI 3.0: no JSON Schema 2020-12 null type, references or generated titles.
    schemas = [n for n in _walk(CALLBACK_BODY) if isinstance(n, dict) and "type" in n]
    assert {s["type"] for s in schemas} == {"object", "string", "integer", "array"}
    assert not any({"$ref", "$defs", "title"} & set(s) for s in schemas)


@pytest.mark.django_db
def test_it_describes_the_editing_endpoints(client):
    paths = _schema(client)["paths"]
    patch = paths["/api/v1/lyrics/{id}/"]["patch"]
    assert set(patch["responses"]) >= {"200", "400", "403", "404", "409"}
    body = patch["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/PatchedLyricPatch") or "LyricPatch" in body["$ref"]
    assert "409" in paths["/api/v1/lyrics/{id}/versions/{number}/restore/"]["post"]["responses"]
    order = paths["/api/v1/collections/{id}/lyrics/"]
    assert {"post", "put"} <= set(order) and "400" in order["put"]["responses"]
    assert "204" in paths["/api/v1/shares/{token}/"]["delete"]["responses"]
