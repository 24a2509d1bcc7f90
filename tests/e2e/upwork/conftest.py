"""Fixtures for the tests that run on (a local stand-in for) Upwork: the extension and the
bookmarklet.

`upwork_site` is an HTTPS server answering as https://www.upwork.com (see site.py). `upwork_browser`
is a plain Chromium pointed at it. `extension` is the browser extension, built by its own build
script for the live server's address and loaded unpacked into a persistent Chromium context in
the new headless mode, the way a user installs it from a folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP
from tests.e2e.upwork.site import UpworkSite, run_site

ROOT = Path(__file__).resolve().parents[3]
EXTENSION = ROOT / "extension"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def upwork_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UpworkSite]:
    yield from run_site(tmp_path_factory.mktemp("upwork-site"))


@pytest.fixture
def upwork(upwork_site: UpworkSite) -> UpworkSite:
    """The site with no pages and no requests left from an earlier test."""
    upwork_site.pages.clear()
    upwork_site.requests.clear()
    return upwork_site


def upwork_args(site: UpworkSite) -> list[str]:
    return [
        *CHROMIUM_ARGS,
        f"--host-resolver-rules={site.resolver_rules}",
        "--ignore-certificate-errors",
    ]


def log_in(context: Any, user: User, base_url: str) -> None:
    """Copy a Bidbook session into the browser, as a user who logged in earlier."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.fixture(scope="session")
def upwork_browser(playwright_driver: Any, upwork_site: UpworkSite) -> Iterator[Any]:
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=upwork_args(upwork_site)
    )
    yield browser
    browser.close()


# ---------------------------------------------------------------------------------------------
# The extension
# ---------------------------------------------------------------------------------------------
def _build_extension(out: Path, bidbook_url: str) -> Path:
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("extension tests skipped: Node.js and npm are needed to build the extension")
    # Two test workers may get here at once: one installs, the other waits for it.
    with open(Path(tempfile.gettempdir()) / "bidbook-extension-npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (EXTENSION / "node_modules" / "esbuild").exists():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=EXTENSION,
                check=True,
                capture_output=True,
            )
    subprocess.run(
        [node, "build.mjs", "--bidbook-url", bidbook_url, "--out", str(out)],
        cwd=EXTENSION,
        check=True,
        capture_output=True,
    )
    return out / "chrome"


@dataclass
class Extension:
    """The unpacked extension in its own Chromium profile."""

    context: Any
    id: str
    base_url: str
    site: UpworkSite
    worker: Any
    errors: list[str] = field(default_factory=list)

    def page(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def configure(self, *, address: str, token: str) -> Any:
        """Fill in the options page as a user does; returns the page, left open."""
        options = self.context.new_page()
        options.goto(self.page("options.html"))
        options.locator("body[data-ready]").wait_for(state="attached")
        options.get_by_label("Bidbook's address").fill(address)
        options.get_by_label("API token").fill(token)
        options.get_by_role("button", name="Save").click()
        options.locator("#result.ok").wait_for()
        return options

    def open(self, url: str) -> Any:
        page = self.context.new_page()
        page.goto(url)
        return page


@pytest.fixture(scope="session")
def _extension_session(
    playwright_driver: Any,
    live_server: Any,
    upwork_site: UpworkSite,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Extension]:
    unpacked = _build_extension(tmp_path_factory.mktemp("extension-build"), live_server.url)
    profile = tmp_path_factory.mktemp("extension-profile")
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        # Extensions need the new headless mode, asked for by its flag.
        headless=False,
        args=[
            "--headless=new",
            f"--disable-extensions-except={unpacked}",
            f"--load-extension={unpacked}",
            *upwork_args(upwork_site),
        ],
        viewport=DESKTOP,
        locale="en-US",
        timezone_id="UTC",
    )
    context.set_default_timeout(10_000)
    workers = context.service_workers
    worker = workers[0] if workers else context.wait_for_event("serviceworker")
    extension_id = worker.url.split("/")[2]
    yield Extension(
        context=context, id=extension_id, base_url=live_server.url, site=upwork_site, worker=worker
    )
    context.close()


@pytest.fixture
def extension(_extension_session: Extension, upwork: UpworkSite) -> Iterator[Extension]:
    """The extension with nothing stored and no tab open from an earlier test."""
    ext = _extension_session
    # From an extension page: the service worker may have been stopped while idle.
    blank = ext.context.new_page()
    blank.goto(ext.page("options.html"))
    blank.evaluate("chrome.storage.local.clear()")
    blank.close()
    yield ext
    for page in ext.context.pages:
        page.close()


@pytest.fixture
def fixture_text() -> Callable[[str], str]:
    return lambda name: (FIXTURES / name).read_text(encoding="utf-8")


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
