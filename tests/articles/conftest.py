import pytest
from django.contrib.auth.models import Group

from articles import roles
from tests.factories import UserFactory


def member_of(role: str, username: str):
    """A staff user in one of the role groups the migration created."""
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db):
    return member_of(roles.REPORTER, "rhea")


@pytest.fixture
def other_reporter(db):
    return member_of(roles.REPORTER, "sam")


@pytest.fixture
def editor(db):
    return member_of(roles.EDITOR, "vera")
