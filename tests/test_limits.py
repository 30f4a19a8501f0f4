"""Resource limits: every hostile program is refused fast or finishes cleanly, and the API says why."""

from __future__ import annotations

import json
import statistics
import time

import circuitgrad.engine as engine  # noqa: E402
import pytest
from circuitgrad.engine import EngineError, EvalError, LimitError, Limits  # noqa: E402

DEFAULTS = Limits()
NESTED_PARENS = "(" * 5_000 + "x" + ")" * 5_000
WIDE_SUM = " + ".join(f"x{i}" for i in range(20_000))
SAME_NAME_SUM = "+".join(["x"] * 20_000)

# Programs built to exhaust something: the stack, the tape, the parser, or the clock. Most stay under the
# source-length limit so that they reach the parser and the passes.
HOSTILE_PROGRAMS = {
    "5,000 nested parentheses": NESTED_PARENS,
    "a 20,000-term sum of distinct names": WIDE_SUM,
    "a 20,000-term sum of one name": SAME_NAME_SUM,
    "5,000 unary minus signs": "-" * 5_000 + "x",
    "a 5,000-level power tower": "x^" * 5_000 + "x",
    "a 6,000-factor product": "*".join(["x"] * 6_000),
    "3,000 nested function calls": "exp(" * 3_000 + "x" + ")" * 3_000,
    "2,000 nested max calls": "max(x, " * 2_000 + "x" + ")" * 2_000,
    "a 900-stage program": "x = 0.5\n"
    + "\n".join(f"s{i} = s{i - 1} * 1.0001" for i in range(1, 900)).replace("s0 ", "x "),
    "a 1,000-stage doubling program": "x = 1\n"
    + "\n".join(f"a{i} = a{i - 1} + a{i - 1}" for i in range(1, 1_000)).replace("a0 ", "x "),
    "a very long number": "1" * 19_000,
    "a very long name": "x" * 19_000 + " + 1",
    "a long comment": "x + 1 # " + "c" * 19_000,
    "3,000 statements": ";".join(f"x{i} = 1" for i in range(3_000))[:19_000],
    "unclosed parentheses": "(" * 19_000,
    "closing parentheses": ")" * 19_000,
}
LARGEST_LEGAL = "+".join(["x"] * DEFAULTS.max_gates)  # max_gates - 1 add gates, one fanned-out input

# Each program and the operation its error message must name.
NUMERIC_BLOWUPS = {
    "2^2^2^2^2^2": "^",
    "exp(exp(exp(9)))": "exp",
    "10^400": "^",
    "10**400": "**",
    "x * 1e308 * 10": "*",
    "exp(1000)": "exp",
    "1 / 0": "/",
    "log(0)": "log",
    "log(-1)": "log",
    "sqrt(-1)": "sqrt",
    "0 ^ -1": "^",
    "(-8) ^ (1/3)": "^",
}


def evaluate_quietly(source: str, values=None, **options):
    """The result or the engine's error, whichever comes back; anything else is a failure."""
    try:
        return engine.evaluate(source, values or {}, **options)
    except EngineError as error:
        return error


def median_seconds(action, repeat: int = 15) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


# ---------------------------------------------------------------- the engine's limits


def test_default_limits_suit_a_classroom():
    assert 1_000 <= DEFAULTS.max_source_chars <= 1_000_000
    assert 500 <= DEFAULTS.max_gates <= 100_000
    assert 50 <= DEFAULTS.max_depth <= 10_000


def test_a_source_over_the_limit_is_refused_with_a_limit_error():
    source = "x + " * (DEFAULTS.max_source_chars // 4) + "x + 1"
    with pytest.raises(LimitError) as caught:
        engine.evaluate(source, {})
    assert str(DEFAULTS.max_source_chars) in caught.value.message.replace(",", "")


def test_a_configured_source_limit_is_honoured():
    with pytest.raises(LimitError):
        engine.evaluate("x + y + z", {}, limits=Limits(max_source_chars=5))


def test_a_program_over_the_gate_limit_is_refused_with_a_limit_error():
    source = " + ".join(f"x{i}" for i in range(60))
    with pytest.raises(LimitError) as caught:
        engine.evaluate(source, {}, limits=Limits(max_gates=20))
    assert "20" in caught.value.message


def test_a_program_nested_deeper_than_the_limit_is_refused_with_a_limit_error():
    with pytest.raises(LimitError):
        engine.evaluate("(" * 30 + "x" + ")" * 30, {}, limits=Limits(max_depth=10))


def test_a_program_at_the_limits_is_accepted():
    limits = Limits(max_source_chars=2_000, max_gates=100, max_depth=20)
    result = engine.evaluate(" + ".join(["x"] * 50), {"x": 1.0}, limits=limits)
    assert result.value == 50.0
    assert result.gradients == {"x": 50.0}


@pytest.mark.parametrize("source", list(HOSTILE_PROGRAMS.values()), ids=list(HOSTILE_PROGRAMS))
def test_hostile_programs_end_in_a_result_or_a_clean_error(source):
    outcome = evaluate_quietly(source, expand_sigmoid=True)
    if isinstance(outcome, EngineError):
        body = outcome.to_dict()
        assert body["message"].strip()
        json.dumps(body)
    else:
        json.dumps(outcome.to_dict(), allow_nan=False)


OVER_THE_LIMITS = [
    "5,000 nested parentheses",
    "a 20,000-term sum of distinct names",
    "a 20,000-term sum of one name",
]


@pytest.mark.parametrize("source", [HOSTILE_PROGRAMS[name] for name in OVER_THE_LIMITS], ids=OVER_THE_LIMITS)
def test_nested_parentheses_and_wide_sums_hit_a_limit_instead_of_computing(source):
    with pytest.raises(LimitError):
        engine.evaluate(source, {})


@pytest.mark.parametrize("source,operation", list(NUMERIC_BLOWUPS.items()), ids=list(NUMERIC_BLOWUPS))
def test_numeric_blowups_give_an_evaluation_error_that_names_the_gate(source, operation):
    with pytest.raises(EvalError) as caught:
        engine.evaluate(source, {"x": 1.0})
    error = caught.value
    assert error.line == 1 and error.column is not None and error.column >= 1
    assert operation in error.message, error.message
    assert "nan" not in error.message.lower().split()


def test_a_huge_literal_is_refused_rather_than_read_as_infinity():
    outcome = evaluate_quietly("x * 1e400")
    assert isinstance(outcome, EngineError), "1e400 is not a finite number"


def test_the_largest_legal_program_is_accepted():
    result = engine.evaluate(LARGEST_LEGAL, {"x": 1.0})
    assert result.gradients == {"x": float(DEFAULTS.max_gates)}


# ---------------------------------------------------------------- the same limits over HTTP


@pytest.fixture(scope="module")
def client():
    import circuitgrad.app.main as main
    from fastapi.testclient import TestClient

    with TestClient(main.app, raise_server_exceptions=False) as test_client:
        yield test_client


def assert_error_shape(response, statuses=range(400, 500)):
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) >= {"message", "line", "column"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"].strip()


def max_body_bytes() -> int:
    from circuitgrad.app.security import MAX_BODY_BYTES

    return MAX_BODY_BYTES


def test_a_body_over_the_size_limit_is_refused_with_413(client):
    expr = "x + " * (max_body_bytes() // 4 + 10)
    assert_error_shape(client.post("/api/graph", json={"expr": expr}), {413})


def test_a_streamed_body_over_the_size_limit_is_refused_with_413(client):
    chunk = b" " * 4096

    def chunks():
        yield b'{"expr": "x'
        for _ in range(max_body_bytes() // len(chunk) + 2):
            yield chunk
        yield b'"}'

    response = client.post("/api/graph", content=chunks(), headers={"content-type": "application/json"})
    assert_error_shape(response, {413})


def test_a_body_with_a_lying_content_length_is_refused(client):
    response = client.post(
        "/api/graph",
        content=b'{"expr": "x"}',
        headers={"content-type": "application/json", "content-length": "-1"},
    )
    assert_error_shape(response)


OVER_HTTP = [
    "5,000 nested parentheses",
    "a 5,000-level power tower",
    "5,000 unary minus signs",
    "a very long number",
]


@pytest.mark.parametrize("source", [HOSTILE_PROGRAMS[name] for name in OVER_HTTP], ids=OVER_HTTP)
def test_hostile_programs_over_http_get_a_result_or_a_clear_4xx(client, source):
    response = client.post("/api/graph", json={"expr": source})
    if response.status_code != 200:
        assert_error_shape(response, {400})


def test_a_source_over_the_limit_in_the_query_string_gets_a_clear_4xx(client):
    response = client.get("/api/graph", params={"expr": "x-" * (DEFAULTS.max_source_chars // 2) + "x"})
    assert_error_shape(response)


@pytest.mark.parametrize("source", ["2^2^2^2^2^2", "exp(exp(exp(9)))", "10^400"])
def test_numeric_blowups_over_http_say_what_overflowed(client, source):
    response = client.post("/api/graph", json={"expr": source})
    assert_error_shape(response, {400})
    assert response.json()["error"]["column"] is not None


@pytest.mark.parametrize(
    "raw",
    [
        b'{"expr": "x", "values": {"x": NaN}}',
        b'{"expr": "x", "values": {"x": Infinity}}',
        b'{"expr": "x", "values": {"x": 1e999}}',
        b'{"expr": "x", "values": {"x": ' + b"9" * 400 + b"}}",
        b'{"expr": "x", "values": ' + b"[" * 20_000 + b"]" * 20_000 + b"}",
        b'{"expr": ' + b"[" * 30_000 + b"]" * 30_000 + b"}",
        b'{"expr": "x", "values": {' + b",".join(b'"x%d": 1' % i for i in range(3_000)) + b"}}",
        b'{"expr": "x"' + b', "expr": "y"' * 5_000 + b"}",
        b"\xff\xfe{",
        b"",
    ],
    ids=[
        "NaN",
        "Infinity",
        "1e999",
        "a 400-digit integer",
        "20,000 nested lists",
        "30,000 nested lists as expr",
        "3,000 values",
        "5,000 duplicate keys",
        "bytes that are not UTF-8",
        "an empty body",
    ],
)
def test_malformed_bodies_get_a_4xx_in_the_error_shape(client, raw):
    response = client.post("/api/graph", content=raw, headers={"content-type": "application/json"})
    assert_error_shape(response)


def test_no_hostile_request_holds_a_worker_longer_than_the_largest_legal_one(client):
    """Measured in this test, relative to each other: the limits bound the work any request can cause."""
    trivial = median_seconds(lambda: client.post("/api/graph", json={"expr": "(x+y)*z"}))
    largest = median_seconds(lambda: client.post("/api/graph", json={"expr": LARGEST_LEGAL}), repeat=2)
    hostile = {
        name: median_seconds(lambda s=source: client.post("/api/graph", json={"expr": s}), repeat=1)
        for name, source in HOSTILE_PROGRAMS.items()
    }
    worst = max(hostile, key=hostile.get)
    assert hostile[worst] < 3 * largest + 20 * trivial, (
        f"{worst}: {hostile[worst] / trivial:.0f}× a trivial request; "
        f"the largest legal one {largest / trivial:.0f}×"
    )
