import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from geo_osallisuus import roles


@pytest.fixture
def planner(db):
    user = get_user_model().objects.create_user("suunnittelija", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.PLANNER_GROUP))
    return user


@pytest.fixture
def planner_client(planner) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(planner)
    return client
