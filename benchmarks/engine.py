"""The engine against micrograd and HIPS autograd, in one run on one machine.

Workloads: (a) a chain of N gates, (b) a wide sum of N products, (c) the notes' four examples, (d, e) arrays:
a 2-layer network and the notes' D = W.dot(X), also against hand-written numpy and JAX (benchmarks/arrays.py),
and (f) a `Circuit` of (a) and (b) at N = 10,000 parsed once and re-run at new values (the slider path).
circuitgrad
is timed from source text (parse + forward + backward, parse cache off unless said otherwise); micrograd and
autograd build and back-propagate the same graph from Python code. Prints median CPU times, ratios
(peer time / circuitgrad time, so above 1 means circuitgrad is faster) and peak memory (tracemalloc), then
the issue's targets with PASS/FAIL.

    python benchmarks/engine.py            # N = 10 ... 100,000
    python benchmarks/engine.py --quick    # N = 10 ... 1,000, fewer repeats
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import re
import statistics
import sys
import threading
import time
import tracemalloc
from pathlib import Path

# One BLAS thread: times are CPU times (see benchmarks/arrays.py); set before numpy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from circuitgrad.engine import Limits, evaluate, evaluate_batch  # noqa: E402
from circuitgrad.engine.parser import parse  # noqa: E402
from circuitgrad.engine.result import set_parse_cache  # noqa: E402

sys.path.insert(1, str(Path(__file__).resolve().parent))
import arrays as array_workloads  # noqa: E402

from circuitgrad import Circuit  # noqa: E402

try:
    import autograd.numpy as anp
    from autograd import grad as autograd_grad
    from micrograd.engine import Value
except ImportError:  # pragma: no cover - the bench extras are missing
    sys.exit("install the bench extras first: pip install 'circuitgrad[bench]'")

AUTOGRAD_SUM_MAX = 10_000
UNLIMITED = Limits(max_source_chars=10**8, max_gates=10**7, max_depth=10**7)


def _micrograd_exp(self):
    """exp in micrograd's own style (micrograd 0.1.0 has none); added to the class, no wrappers."""
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += out.data * out.grad

    out._backward = _backward
    return out


Value.exp = _micrograd_exp
MgValue = Value


# --- workloads -------------------------------------------------------------------------------------------


def chain_text(n: int) -> str:
    return "x" + "".join(" * 1.0001" if i % 2 == 0 else " / 1.0002" for i in range(n))


def chain_micrograd(n: int) -> float:
    x = MgValue(0.5)
    v = x
    for i in range(n):
        v = v * 1.0001 if i % 2 == 0 else v / 1.0002
    v.backward()
    return x.grad


def chain_autograd(n: int) -> float:
    def f(x):
        v = x
        for i in range(n):
            v = v * 1.0001 if i % 2 == 0 else v / 1.0002
        return v

    return autograd_grad(f)(0.5)


def sum_text(n: int) -> str:
    return " + ".join(f"x{i}*w{i}" for i in range(n))


def sum_micrograd(n: int) -> float:
    xs = [MgValue(1.0) for _ in range(n)]
    ws = [MgValue(1.0) for _ in range(n)]
    total = xs[0] * ws[0]
    for i in range(1, n):
        total = total + xs[i] * ws[i]
    total.backward()
    return xs[0].grad


def sum_autograd(n: int) -> float:
    """The same scalar graph in autograd; indexing costs it O(N) per term, so it is skipped past 10,000."""

    def f(xs):
        total = xs[0] * xs[n]
        for i in range(1, n):
            total = total + xs[i] * xs[n + i]
        return total

    return autograd_grad(f)(anp.ones(2 * n))[0]


NOTES = {
    "(x+y)*z": ("(x+y)*z", {"x": -2, "y": 5, "z": -4}),
    "sigmoid neuron": (
        "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
        {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
    ),
    "staged f(x,y)": (
        "x = 3\ny = -4\nsigy = 1.0 / (1 + math.exp(-y))\nnum = x + sigy\nsigx = 1.0 / (1 + math.exp(-x))\n"
        "xpy = x + y\nxpysqr = xpy**2\nden = sigx + xpysqr\ninvden = 1.0 / den\nf = num * invden",
        {},
    ),
    "2*(x*y+max(z,w))": ("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1}),
}


def notes_micrograd(name: str) -> None:
    if name == "(x+y)*z":
        x, y, z = MgValue(-2.0), MgValue(5.0), MgValue(-4.0)
        ((x + y) * z).backward()
    elif name == "sigmoid neuron":
        w0, x0, w1, x1, w2 = (MgValue(v) for v in (2.0, -1.0, -3.0, -2.0, -3.0))
        (1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())).backward()
    elif name == "staged f(x,y)":
        x, y = MgValue(3.0), MgValue(-4.0)
        sigy = 1.0 / (1 + (-y).exp())
        num = x + sigy
        sigx = 1.0 / (1 + (-x).exp())
        xpy = x + y
        xpysqr = xpy**2
        den = sigx + xpysqr
        invden = 1.0 / den
        (num * invden).backward()
    else:
        x, y, z, w = MgValue(3.0), MgValue(-4.0), MgValue(2.0), MgValue(-1.0)
        biggest = z if z.data >= w.data else w  # micrograd has no max; routing by hand is the same graph
        (2 * (x * y + biggest)).backward()


# --- measuring -------------------------------------------------------------------------------------------


def median_seconds(fn, budget: float, max_repeats: int) -> float:
    """Median CPU time of repeated runs within a time budget (at least three runs).

    CPU time (this process, all threads) rather than wall time, so other work on a shared machine
    disturbs the ratios less.
    """
    t0 = time.process_time()
    fn()
    once = time.process_time() - t0
    batch = max(1, int(0.005 / max(once, 1e-7)))  # time tiny workloads in batches of at least ~5 ms
    times = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < max_repeats):
        gc.collect()
        t0 = time.process_time()
        for _ in range(batch):
            fn()
        times.append((time.process_time() - t0) / batch)
    return statistics.median(times)


def peak_megabytes(fn) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def in_big_stack(fn):
    """Run fn in a thread with a large stack and recursion limit (micrograd's topological sort recurses)."""
    result: dict = {}

    def target():
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(10**7)
        try:
            result["value"] = fn()
        except RecursionError:
            result["error"] = "RecursionError"
        finally:
            sys.setrecursionlimit(old)

    threading.stack_size(1 << 30)
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    threading.stack_size(0)
    if "error" in result:
        raise RecursionError(result["error"])
    return result.get("value")


def row(label: str, ours: float, peers: dict[str, float | None], memory: float | None = None) -> None:
    parts = [f"{label:<36} circuitgrad {ours * 1e3:10.3f} ms"]
    for name, t in peers.items():
        if t is None:
            parts.append(f"{name} {'n/a':>10}")
        else:
            parts.append(f"{name} {t * 1e3:10.3f} ms ({t / ours:6.1f}x)")
    if memory is not None:
        parts.append(f"peak {memory:7.1f} MB")
    print("  ".join(parts), flush=True)


def scaling(kind: str, sizes: list[int], budget: float, results: dict) -> None:
    text_of = chain_text if kind == "chain" else sum_text
    mg = chain_micrograd if kind == "chain" else sum_micrograd
    ag = chain_autograd if kind == "chain" else sum_autograd
    title = "a chain of N gates" if kind == "chain" else "a wide sum of N products"
    print(
        f"\n({'a' if kind == 'chain' else 'b'}) {title}, from source text; (x) = peer time / ours", flush=True
    )
    for n in sizes:
        text = text_of(n)

        def ours(text=text):
            evaluate(text, limits=UNLIMITED)

        t_ours = median_seconds(ours, budget, 30)
        peers: dict[str, float | None] = {}
        for name, fn in (("micrograd", mg), ("autograd", ag)):
            if kind == "sum" and name == "autograd" and n > AUTOGRAD_SUM_MAX:
                peers[name] = None  # each xs[i] back-propagates a dense array: quadratic in N
                continue
            try:
                peers[name] = in_big_stack(lambda fn=fn, n=n: median_seconds(lambda: fn(n), budget, 30))
            except (RecursionError, MemoryError):
                peers[name] = None
        memory = peak_megabytes(ours)
        row(f"N = {n:,}", t_ours, peers, memory)
        results[(kind, n)] = (t_ours, peers, memory)


def notes(budget: float, results: dict) -> None:
    print("\n(c) the notes' examples: text -> every wire's value and gradient", flush=True)
    for name, (text, values) in NOTES.items():
        t_cold = median_seconds(lambda text=text, values=values: evaluate(text, values), budget, 20000)
        set_parse_cache(True)
        evaluate(text, values)
        t_warm = median_seconds(lambda text=text, values=values: evaluate(text, values), budget, 20000)
        t_json = median_seconds(
            lambda text=text, values=values: evaluate(text, values).to_dict(), budget, 20000
        )
        set_parse_cache(False)
        t_mg = median_seconds(lambda name=name: notes_micrograd(name), budget, 20000)
        row(f"{name} (cold parse)", t_cold, {"micrograd": t_mg})
        row(f"{name} (cached parse)", t_warm, {"micrograd": t_mg})
        row(f"{name} (+ to_dict, cached)", t_json, {"micrograd": t_mg})
        results[("notes", name)] = (t_cold, t_warm, t_mg)


def reevaluation(budget: float, results: dict) -> None:
    """The slider path: a Circuit parsed once, re-run at new values, against micrograd building it anew."""
    print("\nre-evaluation at N = 10,000: Circuit(text) once, then c(new values) each time", flush=True)
    for kind, text_of, mg in (("chain", chain_text, chain_micrograd), ("sum", sum_text, sum_micrograd)):
        n = 10_000
        circuit = Circuit(text_of(n), limits=UNLIMITED)
        first = circuit.inputs[0]
        # A moved slider: one input new on every call; then every input new on every call.
        sliders = [{first: 1.0 + k / 1000} for k in range(2)]
        everything = [{name: 1.0 + k / 1000 for name in circuit.inputs} for k in range(2)]
        t_mg = in_big_stack(lambda mg=mg, n=n: median_seconds(lambda: mg(n), budget, 30))
        cases = [("one", sliders)] + (
            [(f"all {len(circuit.inputs):,}", everything)] if len(everything[0]) > 1 else []
        )
        for label, points in cases:
            turn = iter(range(10**12))
            t_ours = median_seconds(lambda c=circuit, p=points, t=turn: c(p[next(t) % 2]), budget, 30)
            row(f"{kind} N = {n:,}, {label} new", t_ours, {"micrograd": t_mg})
            results[("circuit", kind, label.split()[0])] = t_mg / t_ours


def batch(budget: float, results: dict) -> None:
    print("\nbatched evaluation: a 1,000-gate circuit at 400 points vs scalar evaluations", flush=True)
    text = "x" + "".join(f" * {1 + (i % 7) / 100} + sin(x) / {i + 2}" for i in range(250))
    xs = np.linspace(-3, 3, 400)
    t_batch = median_seconds(lambda: evaluate_batch(text, {"x": xs}, limits=UNLIMITED), budget, 50)
    t_scalar = median_seconds(lambda: evaluate(text, {"x": 0.3}, limits=UNLIMITED), budget, 200)
    gates = len(evaluate(text, {"x": 0.3}, limits=UNLIMITED).graph) - 1
    print(
        f"{gates} gates: batch of 400 {t_batch * 1e3:.3f} ms, one scalar evaluation {t_scalar * 1e3:.3f} ms "
        f"-> batch costs {t_batch / t_scalar:.1f} scalar evaluations",
        flush=True,
    )
    results["batch"] = t_batch / t_scalar


def _touch_each(items) -> None:
    for _item in items:  # the least an interpreted parser does per token: one turn of a Python loop
        pass


def _bare_passes(args: tuple, first_gate: int) -> None:
    """Forward and backward over a finished tape: one multiply per operand, no gate dispatch, no checks."""
    n = len(args)
    vals = [1.0001] * n
    for i in range(first_gate, n):
        a = args[i]
        vals[i] = vals[a[0]] * vals[a[1]] if len(a) == 2 else vals[a[0]] * 1.0001
    grads = [0.0] * n
    grads[-1] = 1.0
    for i in range(n - 1, first_gate - 1, -1):
        a, upstream = args[i], grads[i]
        if len(a) == 2:
            grads[a[0]] += vals[a[1]] * upstream
            grads[a[1]] += vals[a[0]] * upstream
        else:
            grads[a[0]] += 1.0001 * upstream


# The leanest scan a regular-expression tokenizer can do: words and single symbols, nothing checked.
_LEANEST_SCAN = re.compile(r"[\w.]+|\S")


def floor(budget: float, results: dict) -> None:
    """What is left for parsing at N = 10,000 under the 10x budget, for an engine that parses in Python.

    Every engine whose parser walks the tokens in Python (the engine may use only the standard library and
    numpy) at least scans the text (here the leanest possible regular expression, C code), turns
    a Python loop once per token, and runs forward and backward over the finished tape (here one multiply
    per operand: no gate dispatch, no checks). Whatever the budget (micrograd / 10) leaves after that floor
    must pay for all parsing and graph building; a CPython function call alone costs about 50-100 ns.
    """
    print("\nfloor at N = 10,000: what a Python engine spends anyway, vs the 10x budget (micrograd / 10)")
    for kind, text_of in (("chain", chain_text), ("sum", sum_text)):
        if (kind, 10_000) not in results or results[(kind, 10_000)][1]["micrograd"] is None:
            continue
        text = text_of(10_000)
        graph = parse(text, limits=UNLIMITED)
        tokens = _LEANEST_SCAN.findall(text)
        t_scan = median_seconds(lambda text=text: _LEANEST_SCAN.findall(text), budget, 30)
        t_loop = median_seconds(lambda tokens=tokens: _touch_each(tokens), budget, 30)
        t_passes = median_seconds(lambda g=graph: _bare_passes(g.args, g.first_gate), budget, 30)
        allowed = results[(kind, 10_000)][1]["micrograd"] / 10
        spent = t_scan + t_loop + t_passes
        left_ns = (allowed - spent) / len(tokens) * 1e9
        parts = f"scan {t_scan * 1e3:.2f} + loop {t_loop * 1e3:.2f} + passes {t_passes * 1e3:.2f}"
        print(
            f"{kind:<6} {parts} = {spent * 1e3:.2f} ms of {allowed * 1e3:.2f} ms ({spent / allowed:.0%});"
            f" left to parse each of {len(tokens):,} tokens: {left_ns:.0f} ns",
            flush=True,
        )
        results[("floor", kind)] = (spent / allowed, left_ns)


def verdicts(results: dict) -> None:
    print("\ntargets", flush=True)
    checks = []
    if ("chain", 10_000) in results:
        t, peers, _ = results[("chain", 10_000)]
        mg = peers["micrograd"]
        checks.append(
            ("chain N=10,000: >= 10x faster than micrograd", mg is not None and mg / t >= 10, mg and mg / t)
        )
    if ("sum", 10_000) in results:
        t, peers, _ = results[("sum", 10_000)]
        mg = peers["micrograd"]
        checks.append(
            ("sum N=10,000: >= 10x faster than micrograd", mg is not None and mg / t >= 10, mg and mg / t)
        )
    for kind in ("chain", "sum"):
        if (kind, 10_000) in results and results[(kind, 10_000)][1]["micrograd"] is not None:
            t, peers, _ = results[(kind, 10_000)]
            ratio = peers["micrograd"] / t
            checks.append((f"{kind} N=10,000 from text: >= 1.5x micrograd", ratio >= 1.5, ratio))
        for inputs in ("one", "all"):
            if ("circuit", kind, inputs) in results:
                ratio = results[("circuit", kind, inputs)]
                label = f"{kind} N=10,000 Circuit, {inputs} input(s) new: >= 10x"
                checks.append((label, ratio >= 10, ratio))
    for kind in ("chain", "sum"):
        if (kind, 100_000) in results:
            t, _, memory = results[(kind, 100_000)]
            checks.append((f"{kind} N=100,000: under 2 s", t < 2.0, t))
            checks.append((f"{kind} N=100,000: peak memory under 300 MB", memory < 300, memory))
    for name in NOTES:
        t_cold, t_warm, t_mg = results[("notes", name)]
        checks.append((f"{name}: cold parse <= 2x micrograd", t_cold <= 2 * t_mg, t_cold / t_mg))
        checks.append((f"{name}: cached parse <= 2x micrograd", t_warm <= 2 * t_mg, t_warm / t_mg))
    checks.append(("batch of 400 < 20 scalar evaluations", results["batch"] < 20, results["batch"]))
    checks += array_workloads.verdicts(results)
    for label, ok, measured in checks:
        shown = "n/a" if measured is None else f"{measured:.2f}"
        print(f"  {'PASS' if ok else 'FAIL'}  {label:<48} measured {shown}", flush=True)
    for kind in ("chain", "sum"):
        if ("floor", kind) in results:
            share, left_ns = results[("floor", kind)]
            label = f"{kind} N=10,000: floor (scan, loop, passes)"
            print(f"  note  {label:<48} {share:.0%} of the 10x budget, {left_ns:.0f} ns per token left")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N up to 1,000 and shorter time budgets")
    args = parser.parse_args()
    sizes = [10, 100, 1_000] if args.quick else [10, 100, 1_000, 10_000, 100_000]
    budget = 0.2 if args.quick else 1.0
    set_parse_cache(False)
    results: dict = {}
    scaling("chain", sizes, budget, results)
    scaling("sum", sizes, budget, results)
    notes(budget, results)
    reevaluation(0.2 if args.quick else budget, results)
    batch(budget, results)
    floor(budget, results)
    set_parse_cache(True)  # array programs are timed as the page re-runs them: parse cached
    array_workloads.run(median_seconds, row, budget, results)
    verdicts(results)


if __name__ == "__main__":
    main()
