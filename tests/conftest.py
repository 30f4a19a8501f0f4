"""Shared fixtures: a live server on a free loopback port and a headless Chromium page."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# The top-level keys of one evaluated circuit's JSON (docs/contract.md).
GRAPH_KEYS = {"expr", "value", "output", "gradients", "inputs", "nodes", "edges", "steps", "code", "options"}
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int = 1, timeout: float = 60) -> subprocess.Popen:
    """Start `circuitgrad serve` on loopback and wait until /healthz answers (tests and benchmarks)."""
    argv = [sys.executable, "-m", "circuitgrad.app.cli", "serve", "--no-browser", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited during start-up (code {proc.returncode})")
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")


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


def screenshot(pg, name: str) -> Path:
    """Save a screenshot under artifacts/screenshots so a person can look at it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path))
    return path
