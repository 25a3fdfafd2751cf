"""seed_demo is idempotent and prints a working sign-in."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_prints_a_working_trainer_sign_in():
    output = seed()
    match = re.search(r"^trainer: (\S+) (\S+)$", output, re.MULTILINE)
    assert match, output
    username, password = match.groups()
    user = get_user_model().objects.get(username=username)
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.check_password(password)
    assert len(password) >= 12


@pytest.mark.django_db
def test_seed_demo_twice_keeps_one_trainer_and_the_last_password_works():
    seed()
    output = seed()
    username, password = re.search(r"^trainer: (\S+) (\S+)$", output, re.MULTILINE).groups()
    assert get_user_model().objects.filter(username=username).count() == 1
    assert get_user_model().objects.get(username=username).check_password(password)
