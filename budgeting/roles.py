"""Who may do what. One helper, so that it can follow the service's roles
(luotsit: planner, luotsi, admin, resident) when those land."""

from django.contrib.auth.models import AnonymousUser

PLANNER_GROUP = "planner"


def user_is_planner(user) -> bool:
    """Staff, superusers and members of the "planner" group moderate and plan."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name=PLANNER_GROUP).exists()
