"""Every admin action declares its permission: a view-only staff user runs none that write."""

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from callbacks.models import Delivery
from lyricsapp.models import Task
from tests.api_helpers import make_delivery, make_task

TASKS = "/admin/lyricsapp/task/"
DELIVERIES = "/admin/callbacks/delivery/"


def staff_client(client, *codenames):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def run(client, changelist, action, objects):
    return client.post(
        changelist,
        {"action": action, "_selected_action": [o.pk for o in objects]},
        follow=True,
    )


def messages(response):
    return [str(m) for m in response.context["messages"]]


def offered(client, changelist):
    form = client.get(changelist).context["action_form"]
    return [value for value, _ in form.fields["action"].choices] if form else []


@pytest.fixture
def viewer(client, db):
    return staff_client(client, "view_task", "view_delivery")


@pytest.mark.django_db
def test_it_offers_a_view_only_user_the_exports_alone(viewer):
    assert offered(viewer, TASKS) == ["", "export_json", "export_csv"]
    assert offered(viewer, DELIVERIES) == []


@pytest.mark.django_db
def test_it_refuses_reprocess_to_a_view_only_user(viewer):
    done = timezone.now()
    task = make_task("done", completed_at=done, processed_at=done)
    response = run(viewer, TASKS, "reprocess", [task])
    assert messages(response) == ["No action selected."]
    assert Task.objects.get(pk=task.pk).processed_at == done


@pytest.mark.django_db
def test_it_refuses_refetch_to_a_view_only_user(viewer, settings):
    settings.SUNO_API_KEY = ""
    task = make_task("pending", status="pending", code=None)
    response = run(viewer, TASKS, "refetch", [task])
    # Had it run, it would have said that SUNO_API_KEY is missing.
    assert messages(response) == ["No action selected."]


@pytest.mark.django_db
def test_it_refuses_replay_to_a_view_only_user(viewer):
    delivery = make_delivery("t", authenticated=True)
    response = run(viewer, DELIVERIES, "replay_deliveries", [delivery])
    assert response.status_code == 200
    assert "Replayed" not in " ".join(messages(response))
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_it_lets_a_view_only_user_export(viewer):
    make_task("exported")
    response = viewer.post(
        TASKS, {"action": "export_csv", "_selected_action": [Task.objects.get().pk]}
    )
    assert response.status_code == 200
    assert "exported" in b"".join(response.streaming_content).decode()


@pytest.mark.django_db
def test_it_lets_a_user_who_may_change_tasks_reprocess(client):
    editor = staff_client(client, "view_task", "change_task")
    assert offered(editor, TASKS) == ["", "export_json", "export_csv", "reprocess", "refetch"]
    done = timezone.now()
    task = make_task("done", completed_at=done, processed_at=done)
    response = run(editor, TASKS, "reprocess", [task])
    assert messages(response) == ["1 task queued for processing again."]
    assert Task.objects.get(pk=task.pk).processed_at is None
