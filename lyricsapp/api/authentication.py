"""API token authentication with a throttle on wrong tokens.

Tokens are 40 random hex characters, so guessing one is hopeless; still, a
client address that sends API_TOKEN_FAILURE_RATE wrong tokens is answered
429 with Retry-After until the window has passed, so nobody can make the
app check guesses as fast as it answers.
"""

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import BaseThrottle

from project.client_ip import client_ip
from project.throttling import token_failure_quota


class TokenFailureThrottle(BaseThrottle):
    """A DRF throttle counting failed token attempts per client address."""

    def __init__(self):
        self.quota = token_failure_quota()
        self._wait = None

    def allow_request(self, request, view):
        self._wait = self.quota.blocked(client_ip(request) or "unknown")
        return not self._wait

    def wait(self):
        return self._wait

    def record_failure(self, request):
        self.quota.take(client_ip(request) or "unknown")


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None  # not a token: nothing to count
        throttle = TokenFailureThrottle()
        if not throttle.allow_request(request, None):
            raise Throttled(
                wait=throttle.wait(),
                detail="Too many wrong API tokens from your address.",
            )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record_failure(request)
            raise
