"""Choosing the language and time zone: the header's switcher and the settings page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from lyricsapp.library.forms import PreferencesForm
from lyricsapp.library.preferences import language_known, profile_update
from lyricsapp.models import UserProfile


@require_POST
def language_set(request):
    """Django's set_language (cookie), and for a signed-in user their profile too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language_known(language):
        profile_update(user=request.user, session=request.session, language=language)
    return response


@login_required
def preferences(request):
    profile = UserProfile.objects.filter(user=request.user).first()
    initial = {"language": profile.language, "time_zone": profile.time_zone} if profile else {}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, session=request.session, **form.cleaned_data)
        language = form.cleaned_data["language"] or translation.get_language_from_request(request)
        translation.activate(language)
        messages.success(request, gettext("Your settings are saved."))
        response = redirect("preferences")
        if form.cleaned_data["language"]:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                form.cleaned_data["language"],
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
    status = 400 if request.method == "POST" else 200
    context = {"form": form}
    return render(request, "lyricsapp/preferences.html", context, status=status)
