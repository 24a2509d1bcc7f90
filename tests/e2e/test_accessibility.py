"""axe-core on every page, light and dark, desktop and phone: no serious or critical violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from accounts.models import User
from tests.e2e.conftest import PHONE, Tab
from tests.e2e.test_every_page import PUBLIC_PAGES, _pages
from workspace.demo import demo_account_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MORE_PAGES = {
    "help": "/help/how-bidbook-decides/",
    "applications-filtered": "/applications/?q=django&outcome=pending",
    "jobs-filtered": "/jobs/?verdict=skip",
}
ERROR_PAGES = {"not-found": "/no-such-page/", "not-yours": "/applications/999999999/"}


@pytest.fixture
def demo(transactional_db: None) -> User:
    user, _ = demo_account_load(today=timezone.localdate())
    return user


def _check(tab: Tab, pages: dict[str, str], found: dict[str, list[str]], label: str) -> None:
    for name, path in pages.items():
        response = tab.page.goto(tab.url(path))
        assert response is not None
        if violations := tab.axe_violations():
            found[f"{label} {name} {path}"] = violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_a_serious_or_critical_violation(
    open_tab: Callable[..., Tab],
    demo: User,
    scheme: str,
) -> None:
    found: dict[str, list[str]] = {}
    visitor = open_tab()
    visitor.page.emulate_media(color_scheme=scheme)
    _check(visitor, {**PUBLIC_PAGES, "help": MORE_PAGES["help"]}, found, "visitor")
    tab = open_tab()
    tab.page.emulate_media(color_scheme=scheme)
    tab.login_as(demo)
    _check(tab, {**_pages(demo), **MORE_PAGES, **ERROR_PAGES}, found, "desktop")
    # The error pages' 404s were asked for: the console saying so is no error of the page.
    tab.errors[:] = [e for e in tab.errors if "status of 404" not in e]
    phone = open_tab(viewport=PHONE)
    phone.page.emulate_media(color_scheme=scheme)
    phone.login_as(demo)
    _check(phone, _pages(demo), found, "phone")
    assert found == {}
