"""What the resident's own page shows, read through each app's selectors."""

from __future__ import annotations

from budgeting.models import Voter


def my_page_context(*, user) -> dict:
    voter = Voter.objects.filter(user=user).first()
    return {"person": user, "voter": voter}
