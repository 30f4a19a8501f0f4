"""Shared fixtures: a live server on a free loopback port and a headless Chromium page."""

import os
import subprocess
from pathlib import Path

import pytest
from circuitgrad.app.localserver import free_port, start_local_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# The top-level keys of one evaluated circuit's JSON (docs/contract.md).
GRAPH_KEYS = {
    *("expr", "value", "output", "gradients", "inputs", "nodes", "edges", "steps", "code", "options"),
    *("checks", "warnings", "collapsible"),
}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def start_server(port: int, workers: int = 1, timeout: float = 60) -> subprocess.Popen:
    """Start `circuitgrad serve` on loopback from this checkout and wait until /healthz answers."""
    return start_local_server(port, workers, timeout, cwd=ROOT)


@pytest.fixture(scope="session")
def live_server():
    """Base URL of a real server process shared by the browser tests."""
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium; missing it fails in CI and skips elsewhere."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") or os.environ.get("CIRCUITGRAD_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that records console errors; each test can read `page.console_errors`."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    yield pg
    context.close()


SETTLED = 'body[data-panels="ready"] .stage[data-ready="true"]'
NEXT_FRAME = "() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))"


# The smallest wire number's font size on screen, in CSS px: its computed size times the drawing's scale.
SMALLEST_WIRE_FONT_PX = """() => Math.min(...[...document.querySelectorAll("#circuit text.wire-value")]
  .filter((t) => t.textContent).map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""
# Whether the whole drawing is inside the circuit's box on screen.
DRAWING_INSIDE_STAGE = """() => {
  const stage = document.querySelector("#circuit").getBoundingClientRect();
  const drawn = document.querySelector("#circuit svg g").getBoundingClientRect();
  return drawn.top >= stage.top - 1 && drawn.bottom <= stage.bottom + 1 &&
    drawn.left >= stage.left - 1 && drawn.right <= stage.right + 1;
}"""


def wait_settled(pg, timeout: float = 30_000) -> None:
    """Wait until the page says the circuit is drawn and the panels caught up, and that frame is painted."""
    pg.wait_for_selector(SETTLED, timeout=timeout)
    pg.evaluate(NEXT_FRAME)


def screenshot(pg, name: str) -> Path:
    """Save a screenshot under artifacts/screenshots so a person can look at it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path))
    return path


@pytest.fixture
def offline_page(browser):
    """A page with the network switched off; anything that is not the file itself is recorded and refused."""
    context = browser.new_context(viewport={"width": 1100, "height": 760}, offline=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.errors, pg.requests, pg.dialogs = [], [], []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("dialog", lambda dialog: (pg.dialogs.append(dialog.message), dialog.dismiss()))

    def refuse_the_network(route):
        if route.request.url.startswith(("file:", "blob:", "data:")):
            route.continue_()
        else:
            pg.requests.append(route.request.url)
            route.abort()

    pg.route("**/*", refuse_the_network)
    yield pg
    context.close()
