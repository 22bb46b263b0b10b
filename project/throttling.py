"""Rate limits shared by every web process, kept in Redis (``limits``' moving window).

Used for each user's submit quota (SUBMIT_RATE_PER_USER) and for failed API
token attempts per client address. When Redis cannot be reached the limits
are not enforced (and a warning is logged) rather than refusing every user:
the provider's own limit and the login lockout still hold.
"""

import functools
import logging
import math
import time

from django.conf import settings
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from limits import parse, storage, strategies
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# A rate's words by the limits library's granularity names: "30 per hour".
PER_UNIT = {
    "second": _("%(amount)s per second"),
    "minute": _("%(amount)s per minute"),
    "hour": _("%(amount)s per hour"),
    "day": _("%(amount)s per day"),
    "month": _("%(amount)s per month"),
    "year": _("%(amount)s per year"),
}
PER_UNITS = {
    "second": _("%(amount)s per %(count)s seconds"),
    "minute": _("%(amount)s per %(count)s minutes"),
    "hour": _("%(amount)s per %(count)s hours"),
    "day": _("%(amount)s per %(count)s days"),
    "month": _("%(amount)s per %(count)s months"),
    "year": _("%(amount)s per %(count)s years"),
}


@functools.cache
def _strategy(redis_url):
    return strategies.MovingWindowRateLimiter(storage.storage_from_string(redis_url))


class Quota:
    """``rate`` (e.g. "30/hour") per key, under ``scope``."""

    def __init__(self, rate, scope):
        self.item = parse(rate)
        self.scope = scope

    @property
    def strategy(self):
        return _strategy(settings.REDIS_URL)

    def retry_after(self, key):
        """Whole seconds until the oldest hit in the window expires (at least 1)."""
        stats = self.strategy.get_window_stats(self.item, self.scope, str(key))
        return max(1, math.ceil(stats.reset_time - time.time()))

    def take(self, key):
        """Count one use; 0 when allowed, else the seconds to wait."""
        try:
            if self.strategy.hit(self.item, self.scope, str(key)):
                return 0
            return self.retry_after(key)
        except RedisError:
            logger.warning("rate limit %s not enforced: Redis unavailable", self.scope)
            return 0

    def blocked(self, key):
        """Without counting: 0 when a use would be allowed, else the seconds to wait."""
        try:
            if self.strategy.test(self.item, self.scope, str(key)):
                return 0
            return self.retry_after(key)
        except RedisError:
            logger.warning("rate limit %s not enforced: Redis unavailable", self.scope)
            return 0

    def clear(self, key):
        self.strategy.clear(self.item, self.scope, str(key))

    def words(self):
        """ "30 per hour", "5 per 10 minutes"."""
        unit = self.item.GRANULARITY.name
        if self.item.multiples == 1:
            return PER_UNIT[unit] % {"amount": self.item.amount}
        return PER_UNITS[unit] % {"amount": self.item.amount, "count": self.item.multiples}


def wait_words(seconds):
    """ "40 seconds", "12 minutes", "3 hours": rounded up, so never too early."""
    if seconds < 90:
        return duration_words(seconds, "second")
    if seconds < 7200:
        return duration_words(math.ceil(seconds / 60), "minute")
    return duration_words(math.ceil(seconds / 3600), "hour")


def duration_words(count, unit):
    """ "1 hour", "15 minutes", "90 seconds" in the active language."""
    if unit == "hour":
        words = ngettext("%(count)d hour", "%(count)d hours", count)
    elif unit == "minute":
        words = ngettext("%(count)d minute", "%(count)d minutes", count)
    else:
        words = ngettext("%(count)d second", "%(count)d seconds", count)
    return words % {"count": count}


def submit_quota_refusal(user):
    """Count a submission; None when allowed, else (message, seconds to wait)."""
    quota = submit_quota()
    wait = quota.take(user.pk)
    if not wait:
        return None
    message = gettext(
        "You have reached your limit of %(limit)s prompts. You can submit again in %(wait)s."
    ) % {"limit": quota.words(), "wait": wait_words(wait)}
    return message, wait


def submit_quota():
    return Quota(settings.SUBMIT_RATE_PER_USER, "submit-per-user")


def token_failure_quota():
    return Quota(settings.API_TOKEN_FAILURE_RATE, "api-token-failures")
