"""Share links: the public page (no login), the owners' list, create and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from lyricsapp.library.access import editor_required
from lyricsapp.library.downloads import lyric_sections
from lyricsapp.library.workspace_forms import ShareForm
from lyricsapp.models import Collection, Lyric
from lyricsapp.workspace.shares import (
    share_create,
    share_quota,
    share_resolve,
    share_revoke,
    share_url,
    shares_live,
)
from project.client_ip import client_ip
from project.throttling import wait_words


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


def _shared_lyrics(link):
    if link.lyric is not None:
        lyrics = [link.lyric]
    else:
        lyrics = Lyric.objects.filter(
            collection_items__collection=link.collection, trashed_at__isnull=True
        ).order_by("collection_items__position", "collection_items__id")
    return [{"title": lyric.title, "sections": lyric_sections(lyric)} for lyric in lyrics]


@require_GET
def share_page(request, token):
    """Public: only the shared item's titles and sections, never indexed."""
    wait = share_quota().take(client_ip(request) or "unknown")
    if wait:
        message = gettext("Too many requests: try again in %(wait)s.") % {"wait": wait_words(wait)}
        response = render(request, "lyricsapp/share_limited.html", {"message": message}, status=429)
        response["Retry-After"] = str(wait)
        return _noindex(response)
    link = share_resolve(token=token)
    if link is None:
        response = render(request, "lyricsapp/share_missing.html", status=404)
        return _noindex(response)
    context = {
        "collection": link.collection,
        "lyrics": _shared_lyrics(link),
    }
    return _noindex(render(request, "lyricsapp/share_page.html", context))


@require_GET
@login_required
def share_list(request):
    links = list(shares_live())
    for link in links:
        link.url = share_url(link)
    return render(request, "lyricsapp/share_list.html", {"links": links})


@require_POST
@login_required
@editor_required
def share_new(request):
    """From a lyric or collection page: make a link, then show it on the list."""
    form = ShareForm(request.POST)
    target = {}
    if request.POST.get("lyric"):
        target["lyric"] = get_object_or_404(Lyric, pk=_int(request.POST["lyric"]))
    elif request.POST.get("collection"):
        target["collection"] = get_object_or_404(Collection, pk=_int(request.POST["collection"]))
    else:
        raise Http404(gettext("Say what to share."))
    back = (
        ("lyric-detail", target["lyric"].pk)
        if "lyric" in target
        else ("collection-detail", target["collection"].pk)
    )
    if not form.is_valid():
        messages.error(request, gettext("The expiry is not a date and time."))
        return redirect(*back)
    try:
        link = share_create(user=request.user, expires_at=form.cleaned_data["expires_at"], **target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(*back)
    messages.success(request, gettext("Share link made: %(url)s") % {"url": share_url(link)})
    return redirect("share-list")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@require_POST
@login_required
@editor_required
def share_revoke_view(request, token):
    if not share_revoke(token=token):
        raise Http404(gettext("No live share link has this token."))
    messages.success(request, gettext("Share link revoked."))
    return redirect("share-list")
