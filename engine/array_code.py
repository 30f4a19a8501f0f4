"""numpy spelling of the generated code for array programs, in the notes' style (`dW = dD.dot(X.T)`)."""

from __future__ import annotations

import numpy as np

# Gates whose scalar code uses Python's max/abs or a conditional, spelled for arrays (same tie conventions).
_SPELLING = {
    "max": (
        "np.maximum(%(a)s, %(b)s)",
        ("(%(a)s > %(b)s) + 0.5 * (%(a)s == %(b)s)", "(%(b)s > %(a)s) + 0.5 * (%(a)s == %(b)s)"),
    ),
    "min": (
        "np.minimum(%(a)s, %(b)s)",
        ("(%(a)s < %(b)s) + 0.5 * (%(a)s == %(b)s)", "(%(b)s < %(a)s) + 0.5 * (%(a)s == %(b)s)"),
    ),
    "relu": ("np.maximum(%(a)s, 0.0)", ("(%(a)s > 0) * 1.0",)),
    "abs": ("np.abs(%(a)s)", ("np.sign(%(a)s)",)),
}


def _numpy(text: str) -> str:
    return text.replace("math.", "np.")


def forward_template(gate) -> str:
    return _SPELLING[gate.name][0] if gate.name in _SPELLING else _numpy(gate.code)


def local_template(gate, port: int) -> str:
    return _SPELLING[gate.name][1][port] if gate.name in _SPELLING else _numpy(gate.code_local[port])


def array_fields(graph, i: int, fields: dict) -> dict:
    """The shape-dependent words of an array gate's code: axis, the shape broadcast to, how to sum back."""
    gate, a = graph.gates[i], graph.args[i]
    shape_in, param = graph.shape(a[0]), graph.params[i]
    fields = dict(fields)
    if gate.name in ("sum", "mean"):
        fields["axis"] = "" if param is None else f", axis={param}"
        fields["expand"] = "[:, None]" if param == 1 and len(shape_in) == 2 else ""
        fields["count"] = int(np.prod(shape_in)) if param is None else shape_in[param]
    elif gate.name == "broadcast":
        fields["shape"] = str(tuple(param))
    return fields


def backward_text(graph, i: int, port: int, fields: dict) -> str:
    """The gradient flowing into one port of an array gate, as numpy code on its upstream `%(up)s`."""
    gate, a = graph.gates[i], graph.args[i]
    up = fields["up"]
    if gate.name == "matmul":
        left, right = graph.shape(a[0]), graph.shape(a[1])
        if port == 0 and len(left) == 2 and len(right) == 1:
            return f"np.outer({up}, {fields['b']})"
        if port == 1 and len(left) == 1 and len(right) == 2:
            return f"np.outer({fields['a']}, {up})"
    if gate.name == "broadcast":
        return _summed_back(up, graph.shape(a[0]), tuple(graph.params[i]))
    return gate.code_backward[port] % fields


def _summed_back(up: str, small: tuple, big: tuple) -> str:
    """`dt.sum(axis=0)`: the copies a broadcast made, added back up to the small shape."""
    if not small:
        return f"np.sum({up})"
    added = len(big) - len(small)
    stretched = [k for k, n in enumerate(small) if n == 1 and big[added + k] != 1]
    text = up
    if added:
        text = f"{text}.sum(axis={_axes(range(added))})"
    if stretched:
        text = f"{text}.sum(axis={_axes(stretched)}, keepdims=True)"
    return text


def _axes(axes) -> str:
    axes = list(axes)
    return str(axes[0]) if len(axes) == 1 else str(tuple(axes))


def input_text(name: str, value, creation: str | None) -> str:
    """`W = np.random.randn(5, 10)` as written, or the array as a literal, in short numbers."""
    if creation:
        return f"{name} = {creation}"
    return f"{name} = np.array({literal(np.asarray(value))})"  # runs in numpy, unlike a bare list


def literal(array: np.ndarray) -> str:
    """`[[1.0, 2.0], [3.0, 4.0]]` (arrays have at most two dimensions)."""
    if array.ndim == 0:
        return _short(float(array))
    if array.ndim == 1:
        return _literal_row(array)
    return "[" + ", ".join(_literal_row(row) for row in array) + "]"


def _literal_row(row: np.ndarray) -> str:
    return "[" + ", ".join(_short(float(v)) for v in row) + "]"


def _short(v: float) -> str:
    text = f"{v:.6g}"
    return text if "e" in text or "." in text else text + ".0"


def seed_line(grad_name: str, name: str, shape: tuple, own: str | None = None) -> str:
    """The output's upstream gradient to start from: the program's own line, else ones of its shape."""
    if own:
        return own
    return f"{grad_name} = np.ones_like({name})" if shape else f"{grad_name} = 1.0"
