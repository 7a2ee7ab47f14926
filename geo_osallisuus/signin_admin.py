"""django-axes' admin for failed sign-ins, with its clean-up action repaired.

axes 8's "Clean up expired attempts" action reads ``request.axes_attempt_time``,
which only axes' own sign-in path sets: run from the admin's change list it was
a server error. The subclass sets the time first. Registered from urls.py, which
is imported after the admin has discovered every app's admin module.
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils import timezone


class SignInAttemptAdmin(AccessAttemptAdmin):
    @admin.action(description=AccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


def register() -> None:
    if admin.site.is_registered(AccessAttempt):
        admin.site.unregister(AccessAttempt)
        admin.site.register(AccessAttempt, SignInAttemptAdmin)
