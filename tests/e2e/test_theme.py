"""Dark mode: the system's preference first, a toggle that is remembered, charts that follow."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import User
from tests.e2e.conftest import Tab
from workspace.demo import demo_account_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DARK_BG = "rgb(16, 22, 20)"  # --bg in the dark theme
LIGHT_BG = "rgb(246, 247, 245)"
DARK_TEXT = "rgb(227, 234, 231)"
LIGHT_TEXT = "rgb(29, 38, 35)"

_LOOK_JS = """
() => ({
  bg: getComputedStyle(document.documentElement).backgroundColor,
  pressed: document.querySelector("[data-theme-toggle]").getAttribute("aria-pressed"),
  chartText: typeof Chart === "undefined" ? null
    : Chart.getChart(document.querySelector("canvas[data-chart]")).options.color
      || Chart.defaults.color,
})
"""


@pytest.fixture
def demo(transactional_db: None) -> User:
    from django.utils import timezone

    user, _ = demo_account_load(today=timezone.localdate())
    return user


def test_a_dark_system_gets_the_dark_theme_and_dark_charts(
    open_tab: Callable[..., Tab], demo: User
) -> None:
    tab = open_tab()
    tab.page.emulate_media(color_scheme="dark")
    tab.login_as(demo)
    tab.go("/")

    look = tab.page.evaluate(_LOOK_JS)

    assert look == {"bg": DARK_BG, "pressed": "true", "chartText": DARK_TEXT}


def test_the_toggle_switches_at_once_redraws_the_chart_and_is_remembered(
    open_tab: Callable[..., Tab], demo: User
) -> None:
    tab = open_tab()
    tab.page.emulate_media(color_scheme="light")
    tab.login_as(demo)
    tab.go("/")
    assert tab.page.evaluate(_LOOK_JS) == {
        "bg": LIGHT_BG,
        "pressed": "false",
        "chartText": LIGHT_TEXT,
    }

    tab.page.get_by_role("button", name="Dark mode").click()
    assert tab.page.evaluate(_LOOK_JS) == {"bg": DARK_BG, "pressed": "true", "chartText": DARK_TEXT}

    # Another page, and a reload: still dark although the system is light.
    tab.go("/review/")
    tab.page.reload()
    assert tab.page.evaluate(_LOOK_JS)["bg"] == DARK_BG

    tab.page.get_by_role("button", name="Dark mode").click()
    tab.go("/")
    assert tab.page.evaluate(_LOOK_JS) == {
        "bg": LIGHT_BG,
        "pressed": "false",
        "chartText": LIGHT_TEXT,
    }


def test_a_visitor_can_switch_on_the_login_page_too(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    tab.go("/accounts/login/")
    tab.page.get_by_role("button", name="Dark mode").click()
    tab.page.reload()
    bg = tab.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert bg == DARK_BG


def test_without_javascript_the_system_theme_rules_and_no_dead_button_shows(
    open_tab: Callable[..., Tab],
) -> None:
    tab = open_tab(javascript=False)
    tab.page.emulate_media(color_scheme="dark")
    tab.go("/accounts/login/")
    bg = tab.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert bg == DARK_BG
    assert tab.page.get_by_role("button", name="Dark mode").count() == 0
