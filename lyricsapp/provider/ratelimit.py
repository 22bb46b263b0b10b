"""One rate limit for every process that calls the provider.

The provider allows about 20 requests per 10 seconds per account. Web
processes (submits) and Celery workers (polls, confirmations, resubmits) all
count against it, so the window lives in Redis. ``limits``' moving window is
exact (no burst of twice the limit at a window's edge) and atomic in a Lua
script, so concurrent workers never overshoot.
"""

import functools
import time

from django.conf import settings
from limits import parse, storage, strategies

KEY = "suno-api"


class ProviderRateLimiter:
    def __init__(self, *, redis_url, rate, key=KEY):
        self.item = parse(rate)
        self.key = key
        self.strategy = strategies.MovingWindowRateLimiter(storage.storage_from_string(redis_url))

    def try_acquire(self):
        return self.strategy.hit(self.item, self.key)

    def acquire(self, *, timeout):
        """Take a slot, waiting up to ``timeout`` seconds for one to free up."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            stats = self.strategy.get_window_stats(self.item, self.key)
            wait = stats.reset_time - time.time()
            time.sleep(min(left, max(0.02, wait)))
        return True

    def reset(self):
        self.strategy.clear(self.item, self.key)


@functools.cache
def _limiter(redis_url, rate):
    return ProviderRateLimiter(redis_url=redis_url, rate=rate)


def provider_rate_limiter():
    return _limiter(settings.REDIS_URL, settings.SUNO_RATE_LIMIT)
