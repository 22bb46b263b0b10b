"""The client's address: REMOTE_ADDR, or what a trusted proxy chain reported.

One home for it: recorded on callback deliveries and used by the login
lockout (django-axes' AXES_CLIENT_IP_CALLABLE) and the API's throttles.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or the client a trusted proxy chain reported; None if not an address."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return valid_ip(chain[-hops])
    return valid_ip(request.META.get("REMOTE_ADDR", ""))


def valid_ip(value):
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # PostgreSQL's inet has no zone ("fe80::1%eth0"): keep the bare address.
    if getattr(address, "scope_id", None):
        address = ipaddress.ip_address(address.packed)
    return str(address)
