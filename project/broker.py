"""The Redis transport, with one publishing client per channel.

kombu's Redis channel builds a new ``redis.Redis`` object for every message it
publishes, and setting one up (its table of response callbacks) costs about a
third of a publish. Publishing happens on the callback's hot path, so this
channel keeps one client: redis-py clients are thread-safe, each command takes
a connection from the channel's pool.
"""

from contextlib import contextmanager
from functools import cached_property

from kombu.transport import redis


class Channel(redis.Channel):
    @cached_property
    def _shared_client(self):
        return self._create_client()

    @contextmanager
    def conn_or_acquire(self, client=None):
        yield client or self._shared_client


class Transport(redis.Transport):
    Channel = Channel
