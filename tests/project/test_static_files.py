"""With DEBUG off (as in these tests), the app serves its own static files."""

import pytest
from django.conf import settings


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/static/css/app.css", "text/css"),
        ("/static/vendor/htmx-2.0.11.min.js", "text/javascript"),
        ("/static/admin/css/base.css", "text/css"),
    ],
)
def test_it_serves_static_files_without_debug(client, path, content_type):
    assert not settings.DEBUG

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert b"".join(response.streaming_content)
