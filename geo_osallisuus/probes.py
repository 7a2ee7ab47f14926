"""Liveness and readiness probes, /healthz and /readiness, answered first.

The views are django-helsinki-health-endpoints', so the answers are those of
Helsinki's other Django services: /healthz is 200 without touching the
database; /readiness runs `SELECT 1` and answers 200, or 503 with
{"status": "error", "database": "error"} when the database does not answer.

They are answered by the first middleware, before the rest of the stack,
because a probe comes from the orchestrator over plain HTTP with the pod's
address as its Host: the https redirect and the ALLOWED_HOSTS check would
refuse it, and it needs no session, sign-in, CSRF, language, rate limit or
the database guard (readiness reports a lost database as its own 503).
"""

from __future__ import annotations

from helsinki_health_endpoints.views import healthz, readiness

PROBES = {"/healthz": healthz, "/readiness": readiness}


class HealthProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
