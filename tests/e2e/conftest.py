"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

One browser for the whole session and a fresh context (cookies, storage) per test keep the suite
fast. Every test gets a `Tab`: the page, the live server's address, the console errors seen so far
(a test fails at teardown if any were logged), and the helpers every journey needs.

Chromium is Debian's (`apt-get install -y chromium`), never one a test tool downloads; without it
tests/conftest.py skips these tests and says so in the summary.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Response

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_WIDTH = PHONE["width"]

SCREENSHOTS = Path(__file__).parent / "screenshots"
# axe-core from the npm registry (tests/e2e/vendor/README.md): run in the page through the
# DevTools protocol, which the page's content-security policy does not govern, so the pages are
# checked exactly as served.
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
_AXE_RUN_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary),
  }));
}
"""
# The README shows two of the screenshots; they are only rewritten when asked for, so a test run
# never leaves a modified binary in the working tree.
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE_DOCS = os.environ.get("BIDBOOK_UPDATE_SCREENSHOTS") == "1"

# Everything a page at phone width must satisfy, measured in the browser: the page itself never
# scrolls sideways, no table does either (each becomes a list of cards), and the key cells of
# every table (data-testid="key-...": title, connects, outcome, balance) are inside the viewport.
_PHONE_LAYOUT_JS = """
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      const inWrap = el.parentElement && el.parentElement.closest(".table-wrap");
      const loose = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      if (box.width && box.right > width + 1 && (!inWrap || loose)) {
        const id = el.id ? "#" + el.id : "";
        const cls = el.className && el.className.baseVal === undefined
          ? "." + String(el.className).trim().split(/\\s+/).join(".") : "";
        problems.push(`${el.tagName.toLowerCase()}${id}${cls} ends at ${Math.round(box.right)}px`);
        if (problems.length > 8) break;
      }
    }
  }
  for (const wrap of document.querySelectorAll(".table-wrap")) {
    if (wrap.getClientRects().length && wrap.scrollWidth > wrap.clientWidth + 1) {
      problems.push(`a table scrolls sideways (${wrap.scrollWidth}px in ${wrap.clientWidth}px)`);
    }
  }
  let keyCells = 0;
  for (const cell of document.querySelectorAll("table [data-testid^='key-']")) {
    if (!cell.getClientRects().length) continue;  // in a closed <details>
    keyCells += 1;
    const box = cell.getBoundingClientRect();
    if (box.left < -1 || box.right > width + 1) {
      const table = cell.closest("table");
      const name = (table && table.dataset.testid) || "a table";
      const span = `${Math.round(box.left)}-${Math.round(box.right)}px`;
      problems.push(`${cell.dataset.testid} of ${name} spans ${span}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, problems, keyCells};
}
"""


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """One Playwright driver for the session: the plain browser and the extension's share it."""
    if not os.path.exists(CHROMIUM):  # tests/conftest.py has already marked them skipped
        pytest.skip(
            "browser tests skipped: Chromium is not installed (apt-get install -y chromium)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses ORM
    # calls from a thread with a running loop unless told the code really is synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@dataclass
class Tab:
    """One browser tab on the live server, with what a journey needs to drive and check it."""

    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path

    def go(self, path: str) -> Response:
        response = self.page.goto(self.url(path))
        assert response is not None and response.ok, f"GET {path}: {response and response.status}"
        return response

    def login_as(self, user: User) -> None:
        """Log in without the form (journey 1 uses the form): copy a session into the browser."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": self.base_url}]
        )

    def read(self, target: str | Locator = "main") -> str:
        """What the user reads in a selector's first match (or a locator), whitespace collapsed."""
        # inner_text follows the CSS (text-transform, hidden parts): wait until it is applied.
        self.page.wait_for_load_state("load")
        locator = self.page.locator(target).first if isinstance(target, str) else target
        return " ".join(locator.inner_text().split())

    def paste(self, box: Locator, text: str) -> None:
        """Put a large text in a box at once, as a paste does (fill() types it: seconds per MB)."""
        box.evaluate(
            "(el, text) => { el.value = text;"
            " el.dispatchEvent(new Event('input', {bubbles: true})); }",
            text,
        )

    def mark_page(self) -> None:
        """Tag the current document: still tagged later means no full reload happened."""
        self.page.evaluate("window.__bidbookSamePage = true")

    def same_page(self) -> bool:
        return bool(self.page.evaluate("window.__bidbookSamePage === true"))

    def phone_layout_problems(self) -> list[str]:
        result = self.page.evaluate(_PHONE_LAYOUT_JS)
        return list(result["problems"])

    def axe_violations(self, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
        """axe-core's violations of the current page at the given impacts, one line each."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        found = self.page.evaluate(_AXE_RUN_JS)
        return [
            f"{v['impact']} {v['id']}: {v['help']} ({'; '.join(v['nodes'])})"
            for v in found
            if v["impact"] in impacts
        ]

    def key_cells_shown(self) -> int:
        """How many key cells of tables (title, connects, outcome, balance) the page shows."""
        return int(self.page.evaluate(_PHONE_LAYOUT_JS)["keyCells"])

    def screenshot_path(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS / f"{name}.png"

    def shoot(self, name: str, *, docs: str | None = None) -> None:
        """Screenshots at desktop and phone width; at phone width nothing may stick out.

        `docs` names a copy in docs/screenshots/ for the README, written only when
        BIDBOOK_UPDATE_SCREENSHOTS=1.
        """
        self.page.wait_for_load_state("load")
        desktop = self.screenshot_path(name)
        self.page.screenshot(path=str(desktop), full_page=True)
        if docs and UPDATE_DOCS:
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(desktop, DOCS_SCREENSHOTS / f"{docs}.png")
        self.page.set_viewport_size(PHONE)
        try:
            problems = self.phone_layout_problems()
            self.page.screenshot(path=str(self.screenshot_path(f"{name}-phone")), full_page=True)
        finally:
            self.page.set_viewport_size(DESKTOP)
        assert problems == [], f"{name} at {PHONE_WIDTH}px: {problems}"


@pytest.fixture
def open_tab(browser: Browser, live_server: Any) -> Iterator[Callable[..., Tab]]:
    """Open a tab in a new context (own cookies): at desktop or phone width, with or without JS,
    in a time zone of the browser's own (what Intl reports to the page; UTC unless asked)."""
    opened: list[tuple[Any, Tab]] = []

    def open_(
        *, viewport: dict[str, int] = DESKTOP, javascript: bool = True, timezone_id: str = "UTC"
    ) -> Tab:
        context = browser.new_context(
            viewport=viewport,
            locale="en-US",
            timezone_id=timezone_id,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        tab = Tab(page=page, base_url=live_server.url)

        def on_console(message: Any) -> None:
            if message.type == "error":
                tab.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

        def on_response(response: Any) -> None:
            if response.status >= 500:
                tab.errors.append(f"server error {response.status} on {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
        page.on("response", on_response)
        opened.append((context, tab))
        return tab

    yield open_
    for context, _ in opened:
        context.close()
    errors = [error for _, tab in opened for error in tab.errors]
    assert errors == [], "the browser reported errors (console, uncaught exception or HTTP 5xx)"


@pytest.fixture
def tab(open_tab: Callable[..., Tab]) -> Tab:
    """A tab at desktop width with JavaScript; the test fails if the browser reports an error."""
    return open_tab()
