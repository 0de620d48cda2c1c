"""A small client for ClamAV's scanning daemon (clamd), speaking its INSTREAM protocol.

``POW_CLAMD_ADDRESS`` names the daemon: ``tcp://host:3310`` or ``unix:///run/clamav/clamd.ctl`` (a bare
path is a unix socket too). Unset, nothing is scanned. The protocol (clamd(8)): send ``zINSTREAM\\0``,
then the file in chunks, each prefixed by its length as a 4-byte big-endian integer, then a zero-length
chunk; clamd answers one line ending in ``\\0``: ``stream: OK``, ``stream: <name> FOUND`` or
``... ERROR``.
"""

import logging
import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


class ScanUnavailable(Exception):
    """clamd could not be reached or did not give a verdict."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def is_configured() -> bool:
    return bool(getattr(settings, "POW_CLAMD_ADDRESS", ""))


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "tcp":
        return socket.create_connection((parts.hostname, parts.port or 3310), timeout=timeout)
    path = parts.path if parts.scheme == "unix" else address
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def scan_bytes(content: bytes) -> ScanResult:
    """Scan ``content`` with the configured clamd; raise ScanUnavailable when no verdict can be had."""
    address = settings.POW_CLAMD_ADDRESS
    timeout = getattr(settings, "POW_CLAMD_TIMEOUT", 30)
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), CHUNK):
                chunk = content[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as exc:
        logger.warning("clamd unreachable", extra={"error": type(exc).__name__})
        raise ScanUnavailable(str(exc)) from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return ScanResult(clean=True)
    if answer.endswith(" FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        logger.warning("clamd found malware", extra={"signature": signature})
        return ScanResult(clean=False, signature=signature)
    logger.warning("clamd gave no verdict", extra={"answer": answer[:200]})
    raise ScanUnavailable(answer or "no answer")
