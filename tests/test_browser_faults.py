"""A server restart mid-lecture: the open page says it lost the server, keeps the circuit, recovers alone."""

from __future__ import annotations

import pytest
from conftest import free_port, screenshot, start_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHARE_QUERY = "expr=(x%2By)*z&v=x:-2,y:5,z:-4"
CIRCUIT_GATES = "#circuit svg g.gate"


def stop(proc) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except Exception:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def own_server():
    """A server process this test may stop and start again on the same port."""
    port = free_port()
    holder = {"proc": start_server(port), "port": port}
    yield holder
    stop(holder["proc"])


def output_value(page) -> str:
    return page.locator("text.output-value").first.text_content().strip()


def test_a_page_that_loses_the_server_says_so_keeps_the_circuit_and_recovers(page, own_server):
    base = f"http://127.0.0.1:{own_server['port']}"
    page.goto(f"{base}/?{SHARE_QUERY}")
    page.wait_for_selector('.stage[data-ready="true"]')
    gates = page.locator(CIRCUIT_GATES).count()
    assert gates >= 2 and output_value(page) == "-12.00"

    stop(own_server["proc"])
    page.locator("#editor").fill("(x+y)*z*2")  # the edit needs the server, which is gone
    page.wait_for_selector('body[data-connection="lost"]', timeout=15_000)
    banner = page.locator("#connection")
    assert banner.is_visible()
    assert "server" in banner.inner_text().lower()
    assert page.locator(CIRCUIT_GATES).count() == gates, "the last circuit stays on screen"
    assert output_value(page) == "-12.00"
    screenshot(page, "faults-server-lost")

    own_server["proc"] = start_server(own_server["port"])
    page.wait_for_selector('body[data-connection="ok"]', timeout=15_000)
    page.wait_for_function(
        "() => document.querySelector('text.output-value')?.textContent.trim() === '-24.00'"
    )
    screenshot(page, "faults-server-back")
    assert "expr=" in page.url, "the state lives in the link"

    page.reload()
    page.wait_for_selector('.stage[data-ready="true"]')
    assert page.locator("#editor").input_value() == "(x+y)*z*2"
    assert output_value(page) == "-24.00"
    banner_hidden = page.locator("#connection").count() == 0 or not page.locator("#connection").is_visible()
    assert banner_hidden


def test_a_page_notices_a_lost_server_without_any_edit(page, own_server):
    base = f"http://127.0.0.1:{own_server['port']}"
    page.clock.install()
    page.goto(f"{base}/?{SHARE_QUERY}")
    page.wait_for_selector('.stage[data-ready="true"]')
    stop(own_server["proc"])
    page.clock.run_for(30_000)  # the health poll's own timers, run forward instead of waited for
    page.wait_for_selector('body[data-connection="lost"]', timeout=15_000)
    own_server["proc"] = start_server(own_server["port"])
    page.clock.run_for(5_000)
    page.wait_for_selector('body[data-connection="ok"]', timeout=15_000)
    assert page.locator(CIRCUIT_GATES).count() >= 2
