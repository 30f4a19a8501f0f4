"""Arrays on the wires against hand-written numpy, HIPS autograd and JAX (eager, CPU), in one run.

Workloads: (a) a 2-layer ReLU network with biases and a mean loss, forward + backward, at widths 64 and 512
(a batch of 64 rows, 10 outputs); (b) the notes' D = W.dot(X) at their sizes (5×10 · 10×3). circuitgrad
evaluates the program's text (the parse is cached, as when a slider moves) with the matrices given as
values; the peers compute the same gradients from Python code. Prints median CPU times and ratios
(peer time / circuitgrad time: above 1 means circuitgrad is faster), then the issue's targets.

    python benchmarks/arrays.py            # also part of python benchmarks/engine.py
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

# One thread everywhere: times are CPU times, and a BLAS pool spinning on a shared machine would count
# its waiting as work (set before numpy and JAX load).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("JAX_PLATFORMS", "cpu")

from circuitgrad.engine import Limits, evaluate  # noqa: E402

try:
    import autograd.numpy as anp
    import jax
    import jax.numpy as jnp
    from autograd import grad as autograd_grad
except ImportError:  # pragma: no cover - the bench extras are missing
    sys.exit("install the bench extras first: pip install 'circuitgrad[bench]'")

jax.config.update("jax_enable_x64", True)  # the same float64 maths as numpy and circuitgrad

UNLIMITED = Limits(
    max_source_chars=10**8, max_gates=10**7, max_array_elements=10**8, max_total_elements=10**9
)
NAMES = ("X", "W1", "b1", "W2", "b2")

NETWORK = """\
H = np.maximum(0, X.dot(W1) + b1)
S = H.dot(W2) + b2
L = np.mean(S ** 2)
"""

NOTES = "W = np.random.randn(5, 10)\nX = np.random.randn(10, 3)\nD = W.dot(X)"


def network_values(width: int, batch: int = 64, classes: int = 10) -> dict:
    rng = np.random.RandomState(0)
    return {
        "X": rng.randn(batch, width),
        "W1": rng.randn(width, width) / np.sqrt(width),
        "b1": rng.randn(width) * 0.1,
        "W2": rng.randn(width, classes) / np.sqrt(width),
        "b2": rng.randn(classes) * 0.1,
    }


def by_hand(X, W1, b1, W2, b2):
    """The network's forward and backward pass written out in numpy: the physical limit here."""
    z1 = X.dot(W1) + b1
    h = np.maximum(0, z1)
    s = h.dot(W2) + b2
    loss = np.mean(s**2)
    d_s = 2 * s / s.size
    d_w2, d_b2 = h.T.dot(d_s), d_s.sum(axis=0)
    d_z1 = d_s.dot(W2.T) * (z1 > 0)
    return loss, (d_z1.dot(W1.T), X.T.dot(d_z1), d_z1.sum(axis=0), d_w2, d_b2)


def _loss(xp):
    def loss(params):
        X, W1, b1, W2, b2 = params
        h = xp.maximum(0, xp.dot(X, W1) + b1)
        return xp.mean((xp.dot(h, W2) + b2) ** 2)

    return loss


AUTOGRAD_NETWORK = autograd_grad(_loss(anp))
JAX_NETWORK = jax.grad(_loss(jnp))
AUTOGRAD_NOTES = autograd_grad(lambda params: anp.sum(anp.dot(params[0], params[1])))
JAX_NOTES = jax.grad(lambda params: jnp.sum(jnp.dot(params[0], params[1])))


def ours_network(values: dict):
    return evaluate(NETWORK, values, limits=UNLIMITED).gradients


def jax_network(params):
    return [g.block_until_ready() for g in JAX_NETWORK(params)]


def check_agreement(values: dict) -> None:
    """Every contender computes the same gradients, or its time means nothing."""
    ours = ours_network(values)
    _, hand = by_hand(*(values[n] for n in NAMES))
    peers = {
        "autograd": AUTOGRAD_NETWORK([values[n] for n in NAMES]),
        "jax": JAX_NETWORK([values[n] for n in NAMES]),
    }
    for k, name in enumerate(NAMES):
        np.testing.assert_allclose(ours[name], hand[k], rtol=1e-9, atol=1e-12)
        for peer in peers.values():
            np.testing.assert_allclose(np.asarray(peer[k]), hand[k], rtol=1e-9, atol=1e-12)


def run(median_seconds, row, budget: float, results: dict) -> None:
    """Print the array workloads' rows and keep their ratios in `results` (used by benchmarks/engine.py)."""
    print("\n(d) arrays: a 2-layer ReLU network, forward + backward; (x) = peer time / ours", flush=True)
    for width in (64, 512):
        values = network_values(width)
        check_agreement(values)
        params = [values[n] for n in NAMES]
        jparams = [jnp.asarray(p) for p in params]
        t_ours = median_seconds(lambda values=values: ours_network(values), budget, 2000)
        peers = {
            "numpy by hand": median_seconds(lambda params=params: by_hand(*params), budget, 2000),
            "autograd": median_seconds(lambda params=params: AUTOGRAD_NETWORK(params), budget, 2000),
            "jax eager": median_seconds(lambda jparams=jparams: jax_network(jparams), budget, 2000),
        }
        row(f"width {width} (batch 64)", t_ours, peers)
        results[("network", width)] = (t_ours, peers)
    print("\n(e) the notes' D = W.dot(X), 5×10 · 10×3: text -> D, dW, dX", flush=True)
    evaluate(NOTES)  # the parse is cached from here on, as when the page re-evaluates
    w, x = np.random.RandomState(0).randn(5, 10), np.random.RandomState(1).randn(10, 3)
    t_ours = median_seconds(lambda: evaluate(NOTES).gradients, budget, 20000)
    jw, jx = jnp.asarray(w), jnp.asarray(x)
    peers = {
        "numpy by hand": median_seconds(
            lambda: (w.dot(x), np.ones((5, 3)).dot(x.T), w.T.dot(np.ones((5, 3)))), budget, 20000
        ),
        "autograd": median_seconds(lambda: AUTOGRAD_NOTES([w, x]), budget, 20000),
        "jax eager": median_seconds(
            lambda: [g.block_until_ready() for g in JAX_NOTES([jw, jx])], budget, 20000
        ),
    }
    row("notes' sizes", t_ours, peers)
    results["notes arrays"] = (t_ours, peers)


def verdicts(results: dict) -> list[tuple[str, bool, float | None]]:
    checks = []
    if ("network", 512) in results:
        t, peers = results[("network", 512)]
        ratio = t / peers["numpy by hand"]
        checks.append(("network width 512: within 1.5x of numpy by hand", ratio <= 1.5, ratio))
    if "notes arrays" in results:
        t, peers = results["notes arrays"]
        for peer in ("autograd", "jax eager"):
            checks.append((f"notes' sizes: faster than {peer}", t < peers[peer], peers[peer] / t))
    return checks


def main() -> None:
    # The same measuring as the scalar benchmarks (benchmarks/engine.py, loaded by path: `engine` is taken).
    spec = importlib.util.spec_from_file_location("engine_benchmark", Path(__file__).with_name("engine.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results: dict = {}
    run(bench.median_seconds, bench.row, 1.0, results)
    print("\ntargets (measured: ours / numpy, or peer / ours)", flush=True)
    for label, ok, measured in verdicts(results):
        print(f"  {'PASS' if ok else 'FAIL'}  {label:<48} measured {measured:.2f}", flush=True)


if __name__ == "__main__":
    main()
