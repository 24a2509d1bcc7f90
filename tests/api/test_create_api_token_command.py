"""`manage.py create_api_token --user U [--name N]`: the token alone on the last line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from api.models import ApiToken
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_it_prints_a_working_token_alone_on_its_last_line(alice: User) -> None:
    out = StringIO()

    call_command("create_api_token", "--user", "alice", "--name", "n8n", stdout=out)

    token = out.getvalue().splitlines()[-1]
    assert token.startswith("bb_") and " " not in token
    row = ApiToken.objects.get(owner=alice)
    assert (row.name, row.prefix) == ("n8n", token[:9])
    assert ApiClient(token).get("/api/v1/balance").status_code == 200


def test_the_name_defaults_to_command_line(alice: User) -> None:
    call_command("create_api_token", "--user", "alice", stdout=StringIO())

    assert ApiToken.objects.get(owner=alice).name == "Command line"


def test_an_unknown_user_is_named(db: None) -> None:
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("create_api_token", "--user", "nobody", stdout=StringIO())


def test_a_blank_name_is_refused(alice: User) -> None:
    with pytest.raises(CommandError, match="Give the token a name"):
        call_command("create_api_token", "--user", "alice", "--name", " ", stdout=StringIO())
