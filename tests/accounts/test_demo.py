from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.demo import DEMO_PASSWORD, DEMO_USERNAME
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_load_demo_twice_changes_nothing_the_second_time() -> None:
    call_command("load_demo")
    first = User.objects.count()
    call_command("load_demo")
    assert User.objects.count() == first


def test_the_printed_demo_login_works() -> None:
    call_command("load_demo")
    client = Client()
    assert client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    assert User.objects.get(username=DEMO_USERNAME).check_password(DEMO_PASSWORD)
