"""The long fuzz run: the test suite's properties with many more cases, counting what was tried.

    python benchmarks/fuzz_long.py                 # 20,000 cases per property
    python benchmarks/fuzz_long.py --examples 100000 --api

Prints, per property, the cases tried and their outcomes (result checked against central differences,
result, engine error, skipped), and every failure with its smallest reproducing program. Exits non-zero
when any property failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from strategies import any_programs, mutated_programs, random_programs, valid_programs  # noqa: E402
from test_fuzz_engine import check_program  # noqa: E402

ENGINE_PROPERTIES = {
    "smooth programs vs central differences": valid_programs(smooth=True),
    "programs with kinks vs central differences": valid_programs(smooth=False),
    "mutated programs": mutated_programs(),
    "random text": random_programs(),
}


def run_property(name: str, strategy, check, examples: int, seed: int | None) -> tuple[Counter, str | None]:
    """Run `check` on `examples` cases; returns the outcome counts and the failure, if any."""
    outcomes: Counter = Counter()

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        print_blob=True,
    )
    @given(strategy)
    def prop(case):
        outcomes[check(case)] += 1

    if seed is not None:
        from hypothesis import seed as with_seed

        prop = with_seed(seed)(prop)
    started = time.perf_counter()
    failure = None
    try:
        prop()
    except Exception:  # a property failed: keep going with the others, report at the end
        failure = traceback.format_exc(limit=-3)
    tried = sum(outcomes.values())
    rate = tried / (time.perf_counter() - started)
    detail = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    print(f"{name:<45} {tried:>8} cases ({rate:.0f}/s): {detail}{'  FAILED' if failure else ''}", flush=True)
    return outcomes, failure


def api_check(client):
    from test_fuzz_api import assert_well_formed

    def check(case):
        program, expand = case
        body = {"expr": program.source, "values": program.values, "options": {"expand_sigmoid": expand}}
        # \uXXXX escapes, as a browser sends them: a lone surrogate in the program can then be sent at all.
        response = client.post(
            "/api/graph", content=json.dumps(body), headers={"content-type": "application/json"}
        )
        assert_well_formed(response)
        return f"HTTP {response.status_code}"

    return check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=20_000, help="cases per property")
    parser.add_argument("--api", action="store_true", help="also post programs to the API in-process")
    parser.add_argument("--seed", type=int, help="reproduce a run")
    args = parser.parse_args(argv)

    total, failures = 0, []
    started = time.perf_counter()
    for name, strategy in ENGINE_PROPERTIES.items():
        outcomes, failure = run_property(name, strategy, check_program, args.examples, args.seed)
        total += sum(outcomes.values())
        if failure:
            failures.append((name, failure))
    if args.api:
        from circuitgrad.app.main import app
        from fastapi.testclient import TestClient

        with TestClient(app, raise_server_exceptions=False) as client:
            strategy = st.tuples(any_programs(), st.booleans())
            outcomes, failure = run_property(
                "API: any program", strategy, api_check(client), args.examples, args.seed
            )
            total += sum(outcomes.values())
            if failure:
                failures.append(("API: any program", failure))
    seconds = time.perf_counter() - started
    print(f"\ncases fuzzed: {total} in {seconds:.0f} s; properties failed: {len(failures)}")
    for name, failure in failures:
        print(f"\n--- {name} ---\n{failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
