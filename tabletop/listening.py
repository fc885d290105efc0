"""Where a server of ours listens: the address rule shared by the served console and the
participants' page.

Called by `tabletop.tui.served` (`tabletop serve`) and `tabletop.participants` (`tabletop
participants`). It owns the rule both follow: listen on loopback unless told `--host`, and an
address other machines can reach only with `--allow-remote` as well; the socket is bound before
anything is printed (with `SO_REUSEADDR`, so that a restart during TIME_WAIT works). It also
owns the check of a request's `Host` header against the names served, the address printed, and
the TLS context made from the unit's certificate and key.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from tabletop.errors import UsageError

__all__ = ["Listener", "listening_socket", "tls_context"]

_HOST_NAME = re.compile(r"(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?")


@dataclass(frozen=True)
class Listener:
    """A bound, listening socket and the names it may be reached by."""

    sock: socket.socket
    port: int
    url_host: str
    """The host of the printed address (`127.0.0.1`, `[::1]`, this machine's name)."""
    names: frozenset[str]
    """Host names a request's `Host` header may give (lower case, without the port)."""
    any_address: bool
    """Listening on every interface: a `Host` that is an IP address literal is accepted too."""
    tls: ssl.SSLContext | None = None
    """The server's certificate and key when it serves HTTPS (`tls_context`)."""

    @property
    def remote(self) -> bool:
        return self.any_address or not all(_is_loopback(name) for name in self.names)

    def serves(self, host: str) -> bool:
        """True when a request's `Host` header names this address and port (a DNS-rebinding page
        names its own host, and is refused)."""
        name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
        if not name:
            name, port = host, ""
        default = 443 if self.tls else 80
        if port != str(self.port) and not (port == "" and self.port == default):
            return False
        name = name.lower().rstrip(".")
        return name in self.names or (self.any_address and _ip(name) is not None)

    def url(self, path: str = "/") -> str:
        """The address to print, with `path`."""
        scheme, default = ("https", 443) if self.tls else ("http", 80)
        port = "" if self.port == default else f":{self.port}"
        return f"{scheme}://{self.url_host}{port}{path}"


def listening_socket(
    host: str,
    port: int,
    *,
    allow_remote: bool,
    exposes: str = "the facilitator's console",
    tls: ssl.SSLContext | None = None,
) -> Listener:
    """Bind and listen on `host`:`port`; a `UsageError` in one line when the address is empty,
    not an address or a host name, reachable from other machines without `allow_remote`, or
    taken. `exposes` says what a stranger on the network could reach, for that message."""
    name = host.strip()
    if not name:
        raise UsageError(
            "--host is empty; give the address to listen on: 127.0.0.1 (the default) for this machine "
            "only, or --host 0.0.0.0 --allow-remote for every network interface"
        )
    literal = _ip(name)
    if literal is None and not (name.isascii() and _HOST_NAME.fullmatch(name)):
        raise UsageError(
            f"--host {name!r}: not an IP address nor a host name (ASCII letters, digits, '-' and '.'); "
            "give 127.0.0.1, localhost or this machine's address"
        )
    try:
        found = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"--host {name}: cannot be resolved ({reason}); give an IP address") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    any_address = any(address.is_unspecified for address in addresses)
    if not all(address.is_loopback for address in addresses) and not allow_remote:
        what = "every network interface" if any_address else "an address other machines can reach"
        raise UsageError(
            f"--host {name} listens on {what}, which exposes {exposes} to that network; "
            "add --allow-remote to mean it (or leave --host out: 127.0.0.1)"
        )
    family, kind, protocol, _, address = found[0]
    sock = socket.socket(family, kind, protocol)
    try:
        # A restart on the same port while the last connections are in TIME_WAIT must work;
        # on Linux SO_REUSEADDR never lets two programs listen on one port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and any_address:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(128)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {name}:{port} ({exc.strerror or exc}); choose another --port or --host"
        ) from None
    if any_address:
        machine = socket.gethostname().lower()
        names = {machine, socket.getfqdn().lower(), "localhost"}
        url_host = machine
    else:
        names = {name.lower().rstrip(".")}
        if literal is not None and literal.version == 6:
            names = {f"[{literal.compressed}]"}
        url_host = next(iter(names))
        if all(address.is_loopback for address in addresses):
            names |= {"127.0.0.1", "localhost", "[::1]"}
    return Listener(sock, sock.getsockname()[1], url_host, frozenset(names), any_address, tls)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def _is_loopback(name: str) -> bool:
    literal = _ip(name)
    return name == "localhost" if literal is None else literal.is_loopback


def tls_context(certificate: str | Path, key: str | Path) -> ssl.SSLContext:
    """A server's TLS context from a PEM certificate (chain) and its private key, TLS 1.2 at
    least; a `UsageError` in one line when either cannot be read or they do not match."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(certfile=str(certificate), keyfile=str(key))
    except FileNotFoundError as exc:
        raise UsageError(f"{exc.filename}: no such file; give the certificate and key files (PEM)") from None
    except (ssl.SSLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
        raise UsageError(
            f"{certificate} with {key}: not a PEM certificate and its private key ({reason}); "
            "give the certificate the unit's CA issued for this machine and that certificate's key"
        ) from None
    return context
