"""Whether the provider answers, kept in one row every provider call updates.

The alert rule "provider unreachable or refusing" reads ``failing_since``:
set by the first failure after a success, cleared by the next success.
"""

import logging

from django.db import connection, transaction

logger = logging.getLogger(__name__)

# The provider's "down for maintenance" answer; 5xx and no answer count too.
MAINTENANCE = 455

_OK_SQL = """
INSERT INTO lyricsapp_providerhealth (id, failing_since, last_error, last_ok_at)
VALUES (1, NULL, '', now())
ON CONFLICT (id) DO UPDATE SET failing_since = NULL, last_ok_at = now()
"""
_FAILING_SQL = """
INSERT INTO lyricsapp_providerhealth (id, failing_since, last_error, last_ok_at)
VALUES (1, now(), %s, NULL)
ON CONFLICT (id) DO UPDATE
SET failing_since = COALESCE(lyricsapp_providerhealth.failing_since, now()),
    last_error = EXCLUDED.last_error
"""


def provider_failing(error):
    """Unreachable (no code), a server error, or maintenance."""
    code = error.code
    return code is None or code >= 500 or code == MAINTENANCE


def provider_health_observe(error):
    """Record one answer of the provider: ``None`` for a success, else its error."""
    if error is not None and not provider_failing(error):
        return  # the provider answered; the request itself was refused
    # A savepoint: a caller's transaction survives a failure here.
    with transaction.atomic(), connection.cursor() as cursor:
        if error is None:
            cursor.execute(_OK_SQL)
        else:
            cursor.execute(_FAILING_SQL, [str(error)[:500]])
