"""Webhook signatures, as Stripe signs its webhooks: HMAC-SHA256 over "<timestamp>.<body>".

A delivery carries

    Newsroom-Signature: t=1765070000,v1=5f8c…      (hex HMAC-SHA256 of b"1765070000." + body)
    Newsroom-Timestamp: 1765070000
    Newsroom-Event-Id / Idempotency-Key: evt_42    (the same on every attempt of the event)

A receiver recomputes the HMAC with the subscription's secret over the timestamp, a dot and the
raw body, compares in constant time, and refuses timestamps more than five minutes away from its
clock (a replayed request). `verify` below is what the README shows receivers.
"""

import hashlib
import hmac
import time

#: How far a signature's timestamp may be from the receiver's clock (seconds).
TOLERANCE = 300

SIGNATURE_HEADER = "Newsroom-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, timestamp: int | None = None) -> tuple[int, str]:
    """(timestamp, the value of Newsroom-Signature) for `body`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return timestamp, f"t={timestamp},v1={signature(secret, timestamp, body)}"


class SignatureError(ValueError):
    pass


def verify(secret: str, body: bytes, header: str, *, tolerance: int = TOLERANCE, now: float | None = None) -> int:
    """Check a Newsroom-Signature header against the raw body; returns its timestamp.

    Raises SignatureError when the header is malformed, too old or too new, or no v1 signature
    matches (several v1= values are accepted, for secret rotation).
    """
    parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [value for key, value in parts if key.strip() == "t"]
    signatures = [value.strip() for key, value in parts if key.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].strip().isdecimal() or not signatures:
        raise SignatureError("malformed signature header")
    timestamp = int(timestamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    expected = signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise SignatureError("no signature matches")
    return timestamp
