"""The backward lines of an array program (the notes' `dW = dD.dot(X.T)`), checked against the engine.

Each right side is read with the program's own array rules (its shapes are checked the same way, so
`X.T.dot(dD)` gets the dimension analysis as its hint) and evaluated with the forward values and the earlier
backward variables; np.random continues the forward pass's stream, as it does in numpy. A line's array must
have its wire's shape and equal the engine's gradient element by element.
"""

from __future__ import annotations

import numpy as np

from .array_values import element_text
from .backward_reader import read_array
from .errors import EngineError, Message, ParseError
from .shapes import ShapeError, shape_text


def array_seed(graph, vals: list):
    """The output's upstream gradient set by a first `d<output> = …` line (of the output's shape), or None."""
    program = graph.backward
    first = program.lines[0]
    if first.op != "=" or program.env.get(first.wire) != graph.output:
        return None
    try:
        value = read_array(graph, first.start, first.end, _forward_names(program, vals), _random(graph), {})
    except EngineError:
        return None  # the check of that line says why
    return value if np.shape(value) == graph.shapes[graph.output] else None


def check_array_backward(graph, vals: list, grads: list, local_grads: list) -> list[dict]:
    """One check per backward line: seed, right, wrong, or the shapes that do not fit."""
    program = graph.backward
    names = _forward_names(program, vals)
    rng = _random(graph)
    branches = _branches(graph, grads, local_grads)
    totals: dict[str, object] = {}
    last = {line.target: k for k, line in enumerate(program.lines)}
    first_line = {}
    for line in program.lines:
        first_line.setdefault(line.target, line.line)
    checks = []
    for k, line in enumerate(program.lines):
        node = program.env[line.wire]
        shape = graph.shapes[node]
        base = {"line": line.line, "column": line.column, "target": line.target, "wire": line.wire}
        later = {name: at for name, at in first_line.items() if name not in names}
        try:
            got = read_array(graph, line.start, line.end, names, rng, later)
        except EngineError as exc:
            if isinstance(exc, ParseError) and not isinstance(exc, ShapeError):
                raise  # a syntax error or an unknown name is an error, as on a forward line
            checks.append({**base, "kind": "full", "got": None, "expected": _json(grads[node], shape)})
            checks[-1].update(ok=False, message=exc.message, code=exc.code, params=dict(exc.params))
            continue
        if k == 0 and node == graph.output and line.op == "=":
            check = _result(base, "seed", got, got, True, "backward_seed", {"wire": line.wire})
        elif np.shape(got) != shape:
            params = {"target": line.target, "wire": line.wire, "shape": shape_text(shape)}
            params["given"] = shape_text(np.shape(got))
            check = _result(base, "full", got, grads[node], False, "backward_shape", params)
        elif line.op == "+=" or last[line.target] != k or line.target in totals:
            check = _part(
                base, line, got, totals, branches.get(node, []), grads[node], last[line.target] == k
            )
        else:
            ok = _close(got, grads[node])
            check = _result(base, "full", got, grads[node], ok, "backward_right", {"wire": line.wire})
            if not ok:
                check.update(_first_difference(line.wire, got, grads[node]))
        checks.append(check)
        previous = totals.get(line.target, 0.0) if line.op == "+=" else 0.0
        totals[line.target] = names[line.target] = previous + np.asarray(got, dtype=float)
    return checks


def _part(base: dict, line, got, totals: dict, branches: list, total, is_last: bool) -> dict:
    """One addend of a gradient built up with `+=`: a branch (local × upstream), then the full sum."""
    so_far = totals.get(line.target, 0.0) if line.op == "+=" else 0.0
    if is_last and not _close(so_far + got, total):
        return _result(base, "full", so_far + got, total, False, "backward_wrong", {"wire": line.wire})
    match = next((b for b in branches if _close(got, b)), None)
    if match is None and not is_last:
        expected = branches[0] if branches else 0.0
        return _result(base, "part", got, expected, False, "backward_wrong", {"wire": line.wire})
    return _result(base, "part", got, got, True, "backward_right", {"wire": line.wire})


def _forward_names(program, vals: list) -> dict:
    return {name: vals[node] for name, node in program.env.items()}


def _random(graph) -> np.random.RandomState:
    """np.random as the forward pass left it (a fresh copy for every evaluation)."""
    rng = np.random.RandomState(graph.random_seed)
    if graph.random_state is not None:
        rng.set_state(graph.random_state)
    return rng


def _branches(graph, grads: list, local_grads: list) -> dict[int, list]:
    """Every wire's contributions from its consumers: local × upstream per edge."""
    branches: dict[int, list] = {}
    for i in range(len(graph.args) - 1, graph.first_gate - 1, -1):
        for port, src in enumerate(graph.args[i]):
            branches.setdefault(src, []).append(local_grads[i][port] * grads[i])
    return branches


def _close(a, b) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))


def _json(value, shape: tuple):
    if not shape:
        return float(value)
    return np.broadcast_to(np.asarray(value, dtype=float), shape).tolist()


def _result(base: dict, kind: str, got, expected, ok: bool, code: str, params: dict) -> dict:
    shown = {"expected": _text(expected), "got": _text(got)}
    message = Message(code, **params, **shown)
    return {
        **base,
        "kind": kind,
        "got": _json(got, np.shape(got)),
        "expected": _json(expected, np.shape(expected)),
        "ok": ok,
        "message": str(message),
        "code": code,
        "params": message.params,
    }


def _first_difference(wire: str, got, expected) -> dict:
    """A wrong array's message names its first wrong element: ∂f/∂W[0, 1] is 0.5, but this line gives 1."""
    got, expected = (
        np.asarray(got, dtype=float),
        np.broadcast_to(np.asarray(expected, dtype=float), np.shape(got)),
    )
    index = tuple(np.argwhere(~np.isclose(got, expected, rtol=1e-9, atol=1e-12))[0])
    params = {
        "wire": wire + element_text(index),
        "expected": _text(expected[index]),
        "got": _text(got[index]),
    }
    message = Message("backward_wrong", **params)
    return {"ok": False, "message": str(message), "code": "backward_wrong", "params": message.params}


def _text(value) -> str:
    """A number as messages show it; an array by its shape (the numbers are in got/expected)."""
    shape = np.shape(value)
    return f"{shape_text(shape)} array" if shape else f"{float(value):.4g}"
