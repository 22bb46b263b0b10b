from django.urls import path

from lyricsapp.library import collection_views, editing_views, share_views, views, workspace_views
from lyricsapp.library.new_task import new_task
from lyricsapp.library.preferences_views import language_set, preferences

urlpatterns = [
    path("", views.library, name="library"),
    path("lyrics/<int:pk>/", views.lyric_detail, name="lyric-detail"),
    path("lyrics/<int:pk>/download.<str:extension>", views.lyric_download, name="lyric-download"),
    path("lyrics/<int:pk>/favorite/", workspace_views.lyric_favorite, name="lyric-favorite"),
    path("lyrics/<int:pk>/tags/", workspace_views.lyric_tags, name="lyric-tags"),
    path("lyrics/<int:pk>/note/", workspace_views.lyric_note, name="lyric-note"),
    path("lyrics/<int:pk>/trash/", workspace_views.lyric_trash_view, name="lyric-trash"),
    path("lyrics/bulk/", workspace_views.library_bulk, name="library-bulk"),
    path("tags/", workspace_views.tag_list, name="tag-list"),
    path("tasks/", views.task_list, name="task-list"),
    # Task ids are opaque strings and may contain "/", so they are matched as
    # paths; links percent-encode the id (templatetags/task_links.py). An id a
    # browser would read as "." or ".." has no such URL: its links use the row
    # key, and so does the polling of pending rows (never shadowing an id).
    path("tasks/<path:task_id>/", views.task_detail, name="task-detail"),
    path("task-keys/<int:pk>/", views.task_detail_by_key, name="task-by-key"),
    path("task-rows/<int:pk>/", views.task_row, name="task-row"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", new_task, name="new-task"),
    path("settings/", preferences, name="preferences"),
    path("i18n/setlang/", language_set, name="set_language"),
]

urlpatterns += [
    path("lyrics/<int:pk>/edit/", editing_views.lyric_edit, name="lyric-edit"),
    path("lyrics/<int:pk>/history/", editing_views.lyric_history, name="lyric-history"),
    path("lyrics/<int:pk>/history/restore/", editing_views.lyric_restore, name="lyric-restore"),
    path(
        "lyrics/<int:pk>/original.<str:extension>",
        editing_views.lyric_original_download,
        name="lyric-original-download",
    ),
    path("collections/", collection_views.collection_list, name="collection-list"),
    path("collections/add/", collection_views.collection_add, name="collection-add"),
    path("collections/<int:pk>/", collection_views.collection_detail, name="collection-detail"),
    path(
        "collections/<int:pk>/edit/", collection_views.collection_update, name="collection-update"
    ),
    path(
        "collections/<int:pk>/delete/", collection_views.collection_delete, name="collection-delete"
    ),
    path(
        "collections/<int:pk>/remove/", collection_views.collection_remove, name="collection-remove"
    ),
    path("collections/<int:pk>/move/", collection_views.collection_move, name="collection-move"),
    path("collections/<int:pk>/order/", collection_views.collection_order, name="collection-order"),
    path(
        "collections/<int:pk>/download.<str:extension>",
        collection_views.collection_download,
        name="collection-download",
    ),
    path("s/<str:token>/", share_views.share_page, name="share-page"),
    path("shares/", share_views.share_list, name="share-list"),
    path("shares/new/", share_views.share_new, name="share-new"),
    path("shares/<str:token>/revoke/", share_views.share_revoke_view, name="share-revoke"),
]
