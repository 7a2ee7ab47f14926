"""Rate limits on writes: every unsafe request to the API counts against its
user (signed in) or its client address (anonymous), in the default cache.

Reads are never limited here, so planners' scripts that page through the API
are not slowed. Views with rate limits of their own (feedback, initiatives)
replace these with theirs through get_throttles.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import SimpleRateThrottle


class WriteRateThrottle(SimpleRateThrottle):
    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class AnonWriteThrottle(WriteRateThrottle):
    """Unsafe requests without a signed-in user, per client address."""

    scope = "write_anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserWriteThrottle(WriteRateThrottle):
    """Unsafe requests of a signed-in user, whatever address they come from."""

    scope = "write_user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


def page_write_wait(request) -> int | None:
    """Seconds this sender must wait before a page's form may write again, else None.

    Pages whose forms write what the API also writes (a resident area, a
    proposal) count against the same write_anon/write_user counters, so the
    page is not a way around the API's limit. A form refused here keeps what
    was typed and shows api.MSG_THROTTLED with these seconds.
    """
    for throttle in (AnonWriteThrottle(), UserWriteThrottle()):
        if not throttle.allow_request(request, None):
            return int(throttle.wait() or 60)
    return None
