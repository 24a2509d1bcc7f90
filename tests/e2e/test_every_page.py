"""Journey 7 and the spot checks: every main page, with a realistic account, at phone width and
at desktop width: nothing cut off, tables that scroll, titles, one heading, labels, focus."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from dashboards.periods import Month
from ledger.models import Application
from tests.e2e.conftest import PHONE, PHONE_WIDTH, Tab
from vetting.models import Job, Vetting
from workspace.demo import demo_account_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What a page must show for a keyboard and screen-reader user, measured in the browser.
_ACCESSIBILITY_JS = """
() => {
  const problems = [];
  if (!/ · Bidbook$/.test(document.title)) problems.push(`title "${document.title}"`);
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) problems.push(`${h1} <h1>`);
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || !el.getClientRects().length) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label")
      || el.getAttribute("aria-labelledby");
    if (!named) problems.push(`${el.tagName.toLowerCase()} "${el.name}" has no label`);
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push(`img ${img.src} has no alt`);
  }
  // A status reads the same without colour: a word, and an icon before it.
  const statuses = ["apply", "caution", "skip", "pass", "warn", "fail", "unknown", "refunded",
                    "lost", "won", "pending"].map(s => ".badge-" + s).join(",");
  for (const badge of document.querySelectorAll(statuses)) {
    const icon = getComputedStyle(badge, "::before").content;
    if (!badge.textContent.trim() || !icon || icon === "none") {
      problems.push(`badge "${badge.className}" lacks its word or icon`);
    }
  }
  return problems;
}
"""

_FOCUS_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || "").trim().slice(0, 40),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}
"""


@pytest.fixture
def demo(transactional_db: None) -> User:
    user, _ = demo_account_load(today=timezone.localdate())
    return user


def _pages(user: User) -> dict[str, str]:
    """The main pages of a realistic account, by screenshot name."""
    month = Month.of(timezone.localdate())
    application = Application.objects.filter(owner=user, vetting__isnull=False).latest("id")
    vetting = Vetting.objects.filter(owner=user).latest("id")
    job = Job.objects.filter(owner=user).latest("id")
    return {
        "dashboard": "/",
        "vet": "/vet/",
        "vet-by-hand": "/vet/manual/",
        "vetting-demo": f"/vet/{vetting.pk}/",
        "jobs": "/jobs/",
        "job": f"/jobs/{job.pk}/",
        "applications": "/applications/",
        "application": f"/applications/{application.pk}/",
        "application-new": "/applications/new/",
        "ledger": "/ledger/",
        "history-import": "/history/import/",
        "review-this-month": f"/review/{month}/",
        "review-last-month": f"/review/{month.shift(-1)}/",
        "year": f"/year/{month.year}/",
        "settings": "/settings/",
    }


PUBLIC_PAGES = {"login": "/accounts/login/", "signup": "/accounts/signup/"}


def test_every_main_page_fits_a_phone_and_its_tables_scroll_inside_it(
    open_tab: Callable[..., Tab], demo: User
) -> None:
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.login_as(demo)
    problems = {}
    for name, path in _pages(demo).items():
        tab.go(path)
        page.wait_for_load_state("load")
        if found := tab.phone_layout_problems():
            problems[path] = found
        page.screenshot(path=str(tab.screenshot_path(f"{name}-phone")), full_page=True)
    assert problems == {}, f"pages wider than {PHONE_WIDTH}px"

    # A wide table really scrolls sideways inside its box, and the page does not move.
    tab.go("/applications/")
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    wrap.evaluate("el => { el.scrollLeft = 200; }")
    assert wrap.evaluate("el => el.scrollLeft") > 0
    assert page.evaluate("window.scrollX") == 0

    # The navigation stays whole: every link on screen, none pushed off the side.
    for link in page.get_by_role("navigation", name="Main").get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH


def test_every_page_has_a_title_one_heading_labels_and_a_visible_focus(
    open_tab: Callable[..., Tab], demo: User
) -> None:
    visitor = open_tab()
    tab = open_tab()
    tab.login_as(demo)
    problems: dict[str, list[str]] = {}
    pages = [(visitor, n, p) for n, p in PUBLIC_PAGES.items()]
    pages += [(tab, n, p) for n, p in _pages(demo).items()]
    for current, name, path in pages:
        current.go(path)
        page = current.page
        page.wait_for_load_state("load")
        page.screenshot(path=str(current.screenshot_path(name)), full_page=True)
        found = list(page.evaluate(_ACCESSIBILITY_JS))
        # Keyboard users: the first Tab shows the skip link, the next ones an outline.
        for _ in range(2):
            page.keyboard.press("Tab")
            focus = page.evaluate(_FOCUS_JS)
            if not focus["outline"]:
                found.append(f"no visible focus on {focus['tag']} {focus['text']!r}")
        if found:
            problems[path] = found
    assert problems == {}

    # The favicon is served.
    icon = tab.page.locator("link[rel=icon]").get_attribute("href")
    assert icon is not None
    response = tab.page.request.get(tab.url(icon))
    assert response.ok and response.headers["content-type"].startswith("image/svg")
    expect(tab.page.locator("html")).to_have_attribute("lang", "en")
