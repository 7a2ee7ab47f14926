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
