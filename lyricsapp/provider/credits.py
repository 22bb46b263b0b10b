"""The provider account's credit balance: read, cached, kept as history.

The newest sample is the cache: every process reads the same one, and the
provider is asked again only when it is older than SUNO_CREDITS_CACHE_SECONDS.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lyricsapp.credits.models import CreditSample
from lyricsapp.provider.client import (
    WEB_RATE_LIMIT_WAIT,
    ProviderBusy,
    ProviderError,
    client_from_settings,
    provider_enabled,
)

logger = logging.getLogger(__name__)


class CreditsTooLow(ProviderError):
    """Refused before calling the provider: the balance is below SUNO_MIN_CREDITS."""

    def __init__(self, credits, minimum):
        super().__init__(402, f"{credits} credits left, {minimum} required")
        self.credits = credits
        self.minimum = minimum

    @property
    def words(self):
        return _(
            "The provider account has %(credits)s credits left, below the minimum of "
            "%(minimum)s set for this app (SUNO_MIN_CREDITS). Add credits, then try again."
        ) % {"credits": self.credits, "minimum": self.minimum}

    @property
    def retryable(self):
        return False


def credits_fresh_sample():
    cutoff = timezone.now() - timedelta(seconds=settings.SUNO_CREDITS_CACHE_SECONDS)
    return CreditSample.objects.filter(checked_at__gt=cutoff).first()


def credits_latest() -> CreditSample | None:
    """The newest balance read, however old, without asking the provider."""
    return CreditSample.objects.first()


def credits_current(*, refresh=False, client=None) -> CreditSample | None:
    """The balance as last read (read again when stale); None without a provider key.

    Never waits long for the shared rate limit: a balance is not worth a slot
    a submit needs. When the limit is full the last balance read is shown.
    """
    if not provider_enabled():
        return None
    if not refresh:
        sample = credits_fresh_sample()
        if sample is not None:
            return sample
    own_client = client is None
    client = client or client_from_settings(retries=0, rate_limit_wait=WEB_RATE_LIMIT_WAIT)
    try:
        balance = client.credits()
    except ProviderBusy:
        return credits_latest()
    except ProviderError as exc:
        logger.warning("reading the credit balance failed: %s", exc)
        return CreditSample.objects.create(credits=None, error=str(exc.words)[:500])
    finally:
        if own_client:
            client.close()
    return CreditSample.objects.create(credits=balance)


def credits_check_submit():
    """Raise CreditsTooLow when the known balance is below SUNO_MIN_CREDITS.

    An unknown balance (the provider did not say) lets the submit through:
    the provider itself refuses one it cannot pay for.
    """
    minimum = settings.SUNO_MIN_CREDITS
    if minimum <= 0:
        return
    sample = credits_current()
    if sample is not None and sample.credits is not None and sample.credits < minimum:
        raise CreditsTooLow(sample.credits, minimum)
