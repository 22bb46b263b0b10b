import pytest
from django.utils import timezone

from lyricsapp.models import Lyric
from tests.api_helpers import make_task, token_client

LIST = "/api/v1/lyrics/"


@pytest.fixture
def api(django_user_model):
    return token_client(django_user_model.objects.create_user("reader"))


@pytest.fixture
def library():
    make_task(
        "cjk",
        lyrics=[
            {"title": "星夜狂想", "text": "[Verse]\n月光洒满了窗台\n星星", "status": "complete"}
        ],
    )
    make_task(
        "latin",
        lyrics=[
            {
                "title": "Moonlight Drive",
                "text": "[Chorus]\nWe drive all night",
                "status": "complete",
            },
            {"title": "", "text": "", "status": "failed", "error_message": "blocked"},
        ],
    )
    make_task(
        "other", lyrics=[{"title": "Rain", "text": "drops on the roof", "status": "complete"}]
    )


def _titles(api, query=""):
    response = api.get(LIST + query)
    assert response.status_code == 200
    return [lyric["title"] for lyric in response.json()["results"]]


@pytest.mark.django_db
def test_it_answers_401_with_a_challenge_to_anonymous_users(client, library):
    lyric = Lyric.objects.first()
    for url in (LIST, f"{LIST}{lyric.pk}/"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_it_lists_lyrics_newest_first(api, library):
    body = api.get(LIST).json()
    assert body["count"] == 4
    assert [lyric["title"] for lyric in body["results"]] == [
        "Rain",
        "",
        "Moonlight Drive",
        "星夜狂想",
    ]
    assert body["results"][0]["task_id"] == "other"


@pytest.mark.django_db
def test_it_finds_a_two_character_cjk_word(api, library):
    response = api.get(LIST, {"q": "月光"})
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["text"].startswith("[Verse]\n月光洒满了窗台")


@pytest.mark.django_db
def test_it_searches_titles_and_text_case_insensitively(api, library):
    assert _titles(api, "?q=MOON") == ["Moonlight Drive"]
    assert _titles(api, "?q=oon") == ["Moonlight Drive"]
    assert _titles(api, "?q=Roof") == ["Rain"]
    assert _titles(api, "?q=星夜") == ["星夜狂想"]
    assert _titles(api, "?q=absent") == []


@pytest.mark.django_db
def test_it_filters_by_status_and_combines_with_search(api, library):
    assert _titles(api, "?status=failed") == [""]
    assert _titles(api, "?status=complete&q=drive") == ["Moonlight Drive"]
    assert _titles(api, "?status=failed&q=drive") == []
    assert len(_titles(api, "?q=&status=")) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?q=" + "x" * 201, "?status=%00", "?q=%00"])
def test_it_rejects_invalid_filters_with_400(api, query):
    response = api.get(LIST + query)
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_shows_one_lyric_with_the_contract_fields(api, library):
    lyric = Lyric.objects.get(title="星夜狂想")
    lyric.sections = [{"label": "Verse", "text": "月光洒满了窗台\n星星"}]
    lyric.line_count, lyric.word_count, lyric.language = 2, 3, "zh"
    lyric.save()
    lyric.task.processed_at = timezone.now()
    lyric.task.save()

    response = api.get(f"{LIST}{lyric.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": lyric.pk,
        "task_id": "cjk",
        "position": 0,
        "title": "星夜狂想",
        "text": "[Verse]\n月光洒满了窗台\n星星",
        "status": "complete",
        "error_message": "",
        "sections": [{"label": "Verse", "text": "月光洒满了窗台\n星星"}],
        "line_count": 2,
        "word_count": 3,
        "language": "zh",
        # The workspace's fields (contract section 8).
        "favorite": False,
        "tags": [],
        "collections": [],
        "note": "",
        "version": 1,
        "original_title": "星夜狂想",
        "original_text": "[Verse]\n月光洒满了窗台\n星星",
        "edited": False,
        "trashed_at": None,
        "submitted_by": None,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("lyric_id", ["999999", "abc", "-1", "99999999999999999999999"])
def test_it_answers_404_in_json_for_unknown_lyrics(api, library, lyric_id):
    response = api.get(f"{LIST}{lyric_id}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
def test_it_lists_in_a_fixed_number_of_queries(api, django_assert_num_queries):
    for n in range(15):
        make_task(f"t{n}", lyrics=[{"title": f"song {n}"}, {"title": f"other {n}"}])
    # token, planner estimate, bounded count, page with the task ids joined,
    # then the page's tags and collection places (one query each)
    with django_assert_num_queries(6):
        response = api.get(LIST)
    assert len(response.json()["results"]) == 20
    # token, page (not full, so it is its own count), tags, collection places
    with django_assert_num_queries(4):
        response = api.get(LIST, {"q": "song"})
    assert response.json()["count"] == 15


@pytest.mark.django_db
def test_it_shows_a_lyric_in_four_queries(api, library, django_assert_num_queries):
    lyric = Lyric.objects.first()
    # token, the lyric with its task, submitter, note and star; its tags; its collections
    with django_assert_num_queries(4):
        response = api.get(f"{LIST}{lyric.pk}/")
    assert response.json()["task_id"] == lyric.task.task_id
