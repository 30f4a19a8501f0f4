"""The array gates' records: each local gradient (a linear map) against central differences, and shapes."""

from __future__ import annotations

import numpy as np
import pytest
from circuitgrad.engine import REGISTRY, evaluate
from circuitgrad.engine.array_gates import sum_to
from hypothesis import given, settings
from hypothesis import strategies as st

# (operand shapes, parameter) per array gate; every one of them is tested on arrival.
POINTS = {
    "matmul": [((3, 4), (4, 2), None), ((4,), (4, 2), None), ((3, 4), (4,), None), ((4,), (4,), None)],
    "transpose": [((3, 4), None), ((4,), None)],
    "sum": [((3, 4), None), ((3, 4), 0), ((3, 4), 1), ((4,), 0)],
    "mean": [((3, 4), None), ((3, 4), 0), ((3, 4), 1)],
    "broadcast": [((4,), (3, 4)), ((3, 1), (3, 4)), ((), (2, 2)), ((1, 4), (3, 4)), ((1,), (3, 4))],
}
ARRAY_GATES = {name: gate for name, gate in REGISTRY.items() if not gate.elementwise}


def cases():
    for name, gate in ARRAY_GATES.items():
        for point in POINTS[name]:
            yield pytest.param(gate, point[:-1], point[-1], id=f"{name}{point}")


def test_every_array_gate_has_test_points():
    assert set(POINTS) == set(ARRAY_GATES)


@pytest.mark.parametrize(("gate", "shapes", "param"), list(cases()))
def test_local_maps_match_central_differences(gate, shapes, param):
    rng = np.random.RandomState(0)
    operands = [np.asarray(rng.randn(*shape)) for shape in shapes]
    out = gate.forward(*operands, param)
    upstream = rng.randn(*np.shape(out))
    local = gate.local(*operands, out, param)
    for port, operand in enumerate(operands):
        analytic = local[port] * upstream
        numeric = np.zeros_like(operand)
        for index in np.ndindex(operand.shape):
            ends = []
            for h in (1e-6, -1e-6):
                moved = [o.copy() for o in operands]
                moved[port][index] += h
                ends.append(np.sum(upstream * gate.forward(*moved, param)))
            numeric[index] = (ends[0] - ends[1]) / 2e-6
        assert np.shape(analytic) == operand.shape
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(("gate", "shapes", "param"), list(cases()))
def test_shape_rules_agree_with_numpy(gate, shapes, param):
    operands = [np.ones(shape) for shape in shapes]
    assert gate.shape(list(shapes), param) == np.shape(gate.forward(*operands, param))


def test_sum_to_undoes_each_broadcast():
    assert sum_to(np.ones((3, 4)), (4,)).tolist() == [3.0] * 4
    assert sum_to(np.ones((3, 4)), (3, 1)).tolist() == [[4.0]] * 3
    assert sum_to(np.ones((3, 4)), ()) == 12.0


@st.composite
def matmul_shapes(draw):
    m, k, n = (draw(st.integers(1, 4)) for _ in range(3))
    left = draw(st.sampled_from([(m, k), (k,)]))
    right = draw(st.sampled_from([(k, n), (k,)]))
    return left, right


@settings(max_examples=40, deadline=None)
@given(matmul_shapes(), st.integers(0, 2**16))
def test_matmul_of_any_shapes_matches_numpy_forward_and_backward(shapes, seed):
    rng = np.random.RandomState(seed)
    a, b = rng.randn(*shapes[0]), rng.randn(*shapes[1])
    result = evaluate("C = A.dot(B)", {"A": a, "B": b})
    np.testing.assert_allclose(result.value, a.dot(b), rtol=1e-12, atol=1e-12)
    up = np.ones(np.shape(a.dot(b)))
    a2, b2 = np.atleast_2d(a), b.reshape(len(b), -1)
    up2 = up.reshape(a2.shape[0], b2.shape[1])
    np.testing.assert_allclose(result.gradients["A"], (up2 @ b2.T).reshape(a.shape), rtol=1e-12)
    np.testing.assert_allclose(result.gradients["B"], (a2.T @ up2).reshape(b.shape), rtol=1e-12)


@st.composite
def broadcastable(draw):
    big = draw(st.tuples(st.integers(1, 4), st.integers(1, 4)))
    keep = draw(st.sampled_from(["row", "column", "vector", "scalar", "same"]))
    small = {"row": (1, big[1]), "column": (big[0], 1), "vector": (big[1],), "scalar": (), "same": big}[keep]
    return big, small


@settings(max_examples=40, deadline=None)
@given(broadcastable(), st.sampled_from(["+", "-", "*", "/"]), st.booleans(), st.integers(0, 2**16))
def test_broadcasting_of_any_shapes_sums_the_gradient_back(shapes, op, small_first, seed):
    big, small = shapes
    rng = np.random.RandomState(seed)
    values = {"A": rng.randn(*big), "b": rng.uniform(0.5, 2.0, small) if small else 1.5}
    source = f"f = np.sum(b {op} A)" if small_first else f"f = np.sum(A {op} b)"
    result = evaluate(source, values)
    a, b = values["A"], np.asarray(values["b"])
    ops = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
    assert result.value == pytest.approx(np.sum(ops[op](b, a) if small_first else ops[op](a, b)))
    h = 1e-6
    for index in list(np.ndindex(b.shape))[:3]:
        moved_up, moved_down = b.copy(), b.copy()
        moved_up[index] += h
        moved_down[index] -= h
        up = evaluate(source, {**values, "b": moved_up}).value
        down = evaluate(source, {**values, "b": moved_down}).value
        gradient = np.asarray(result.gradients["b"])
        assert gradient.shape == b.shape
        assert gradient[index] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-6)
