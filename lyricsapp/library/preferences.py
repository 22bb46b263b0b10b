"""Each signed-in user's language and time zone.

They live in UserProfile and are copied into the session at login, so every
request applies them without a query. Changing them (the settings page, the
header's language switcher) writes both.
"""

import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError, InterfaceError
from django.dispatch import receiver
from django.utils import timezone, translation

from lyricsapp.models import UserProfile

SESSION_LANGUAGE = "preferences_language"
SESSION_TIME_ZONE = "preferences_time_zone"


@cache
def time_zones():
    """Every IANA zone name this system knows, sorted."""
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def language_known(code):
    return code in dict(settings.LANGUAGES)


def preferences_to_session(*, session, profile):
    session[SESSION_LANGUAGE] = profile.language
    session[SESSION_TIME_ZONE] = profile.time_zone


def profile_update(*, user, session=None, **changes):
    """Store the changed preferences on the user's profile (and in the session)."""
    profile, _ = UserProfile.objects.get_or_create(user=user)
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.save(update_fields=list(changes))
    if session is not None:
        preferences_to_session(session=session, profile=profile)
    return profile


@receiver(user_logged_in)
def _preferences_on_login(sender, request, user, **kwargs):
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None and request is not None:
        preferences_to_session(session=request.session, profile=profile)


def _session_preferences(request):
    session = getattr(request, "session", None)
    if session is None:
        return None, None
    try:
        return session.get(SESSION_LANGUAGE), session.get(SESSION_TIME_ZONE)
    except (DatabaseError, InterfaceError):
        # The view meets the same error and answers 503 (project/middleware.py).
        return None, None


class PreferencesMiddleware:
    """Apply the session's language and time zone (after LocaleMiddleware, which
    has read the cookie and Accept-Language); a user's own choice wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language, zone = _session_preferences(request)
        if language and language_known(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        if zone and zone in time_zones():
            timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
