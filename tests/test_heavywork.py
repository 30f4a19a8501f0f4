"""Long programs share a small pool per worker; beyond its short queue the answer is 503 with Retry-After."""

import asyncio
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from circuitgrad.app import heavywork
from circuitgrad.app.main import create_app
from circuitgrad.engine import evaluate
from fastapi.testclient import TestClient

LONG_PROGRAM = "f = x * y" + " " * heavywork.HEAVY_SOURCE_CHARS
CURVE = {"input": "x", "lo": -1, "hi": 1, "points": 5}


def run_apart(coroutine):
    """asyncio.run in a thread of its own (a browser test's session may hold this thread's event loop)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture
def helper():
    pool = heavywork.HeavyWork(slots=1, waiting=1)
    yield pool
    if pool.executor is not None:
        pool.executor.shutdown(wait=True, cancel_futures=True)


def test_work_beyond_the_slot_and_the_waiting_room_is_refused_at_once(helper):
    async def scenario():
        running = [asyncio.create_task(helper.run(time.sleep, 0.5)) for _ in range(2)]
        await asyncio.sleep(0.05)
        with pytest.raises(heavywork.Busy):
            await helper.run(abs, -1)
        assert await asyncio.gather(*running) == [None, None]
        return await helper.run(abs, -1)

    assert run_apart(scenario()) == 1


def test_the_helper_runs_at_a_lower_priority_in_another_process(helper):
    niceness, pid = run_apart(helper.run(os.nice, 0)), run_apart(helper.run(os.getpid))
    assert niceness >= os.nice(0) + heavywork.HELPER_NICENESS or niceness == 19
    assert pid != os.getpid()


def test_an_engine_error_in_the_helper_comes_back_with_its_position(helper):
    with pytest.raises(heavywork.EngineFailure) as caught:
        run_apart(helper.run(evaluate, "1 + * 2"))
    assert (caught.value.detail["line"], caught.value.detail["column"]) == (1, 5)
    assert isinstance(caught.value.detail["message"], str)


def test_a_short_program_never_waits_for_the_pool():
    assert not heavywork.is_heavy("(x+y)*z")
    assert heavywork.is_heavy(LONG_PROGRAM)


@pytest.fixture
def full_pool(monkeypatch):
    monkeypatch.setattr(heavywork.heavy_work, "limit", 0)
    with TestClient(create_app()) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/graph", {"expr": LONG_PROGRAM, "values": {"x": 1, "y": 2}}),
        ("/api/gradcheck", {"expr": LONG_PROGRAM, "values": {"x": 1, "y": 2}}),
        ("/api/curve", {"expr": LONG_PROGRAM, "values": {"y": 2}, **CURVE}),
    ],
)
def test_a_long_program_when_the_pool_is_full_is_a_503_with_retry_after(full_pool, path, body):
    response = full_pool.post(path, json=body)
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(heavywork.RETRY_AFTER_SECONDS)
    assert set(response.json()["error"]) == {"message", "line", "column", "code", "params"}
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_long_programs_page_when_the_pool_is_full_is_a_503_page(full_pool):
    response = full_pool.get("/", params={"expr": LONG_PROGRAM}, headers={"accept": "text/html"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert "retry-after" in response.headers


def test_short_programs_are_answered_while_the_pool_is_full(full_pool):
    response = full_pool.post("/api/graph", json={"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}})
    assert response.json()["value"] == -12.0
    assert full_pool.post("/api/curve", json={"expr": "x*x", **CURVE}).status_code == 200


def test_a_long_programs_page_is_built_off_the_loop_with_the_same_graph():
    with TestClient(create_app()) as client:
        page = client.get("/", params={"expr": LONG_PROGRAM, "v": "x:3,y:-4"}).text
    assert '"value":-12.0' in page


def test_a_helper_that_died_is_replaced_on_the_next_request(helper):
    async def scenario():
        first = await helper.run(os.getpid)
        os.kill(first, signal.SIGKILL)
        await asyncio.sleep(0.5)
        try:
            return first, await helper.run(os.getpid)
        except heavywork.Busy:  # the death was noticed during this request; the one after gets a new helper
            return first, await helper.run(os.getpid)

    first, second = run_apart(scenario())
    assert second != first
