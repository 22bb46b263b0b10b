"""Outbound requests to URLs that staff typed in, without reaching inside.

The host is resolved once, every address it resolves to is checked, and the
connection goes to the checked address (a second lookup could answer with
another one: DNS rebinding). Loopback, link-local, private, multicast,
reserved and unspecified addresses are refused unless EVENTS_ALLOW_PRIVATE.
Redirects are never followed.
"""

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeURL(ValueError):
    pass


def address_refused(address):
    """Why this address may not be reached, or None."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for flag, reason in (
        ("is_loopback", _("loopback")),
        ("is_unspecified", _("unspecified")),
        ("is_link_local", _("link-local")),
        ("is_multicast", _("multicast")),
        ("is_private", _("private")),
        ("is_reserved", _("reserved")),
    ):
        if getattr(ip, flag):
            return reason
    if not ip.is_global:
        return _("not public")
    return None


def url_parts(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(_("Only http and https URLs are allowed."))
    if not parts.hostname:
        raise UnsafeURL(_("The URL has no host."))
    if parts.username or parts.password:
        raise UnsafeURL(_("The URL may not hold a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL(_("The URL's port is not valid.")) from exc
    return parts, port


def url_resolve(url):
    """The checked addresses the URL's host resolves to; raises UnsafeURL."""
    parts, port = url_parts(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(
            _("The host %(host)s could not be resolved.") % {"host": parts.hostname}
        ) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if settings.EVENTS_ALLOW_PRIVATE:
        return addresses
    for address in addresses:
        reason = address_refused(address)
        if reason:
            raise UnsafeURL(
                _("The host %(host)s resolves to %(address)s, a %(reason)s address.")
                % {"host": parts.hostname, "address": address, "reason": reason}
            )
    return addresses


def url_check(url):
    """Raise UnsafeURL unless the URL may be used for an endpoint."""
    url_resolve(url)


def safe_post(client: httpx.Client, url, *, content, headers):
    """POST to the URL's first checked address, with the URL's host name in
    the Host header and for TLS (SNI and certificate check)."""
    parts, port = url_parts(url)
    address = url_resolve(url)[0]
    literal = f"[{address}]" if ":" in address else address
    target = urlunsplit(parts._replace(netloc=f"{literal}:{port}"))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    return client.post(
        target,
        content=content,
        headers={**headers, "Host": host_header},
        extensions={"sni_hostname": parts.hostname},
        follow_redirects=False,
    )
