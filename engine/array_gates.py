"""The array gates: matmul, transpose, sum, mean and broadcast, one record each (see gates.py).

Their local gradient is not a number but a linear map (a Jacobian), so `local * upstream` in the one chain
rule applies it: matmul's `dA = dOut·Bᵀ`, broadcast's sum over the stretched axes. Elementwise gates need
nothing here: numpy lifts them.
"""

from __future__ import annotations

import numpy as np

from .gates import DISTRIBUTES, LOCAL, SCALES, SWAPS, Gate, _register
from .shapes import shape_text


class LinearMap:
    """A local gradient that acts on the upstream gradient: `local * upstream` is `apply(upstream)`."""

    __slots__ = ("apply", "rule", "shape")

    def __init__(self, apply, rule: str, shape: tuple):
        self.apply = apply
        self.rule = rule  # what it does, in numpy words, for the trace: "dout.dot(B.T)"
        self.shape = shape  # the gate output's shape (an unreached gate's upstream is a plain 0)

    def __mul__(self, upstream):
        if np.shape(upstream) != self.shape:
            upstream = np.broadcast_to(np.asarray(upstream, dtype=float), self.shape)
        return self.apply(upstream)

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"LinearMap({self.rule})"


def _as_matrices(a, b, up):
    # Vectors take part as a row (left) or a column (right), numpy's rule for dot; results are reshaped back.
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    return a2, b2, np.reshape(up, (a2.shape[0], b2.shape[1]))


def _matmul_local(a, b, out, c):
    a, b = np.asarray(a), np.asarray(b)

    def left(up):
        a2, b2, up2 = _as_matrices(a, b, up)
        return (up2 @ b2.T).reshape(a.shape)  # dA = dOut · Bᵀ

    def right(up):
        a2, b2, up2 = _as_matrices(a, b, up)
        return (a2.T @ up2).reshape(b.shape)  # dB = Aᵀ · dOut

    shape = np.shape(out)
    return (LinearMap(left, "dout.dot(B.T)", shape), LinearMap(right, "A.T.dot(dout)", shape))


def spread(up, shape: tuple, axis: int | None, scale: float = 1.0):
    """The upstream gradient of a sum copied back to every element it added up (times `scale`)."""
    up = np.asarray(up, dtype=float) * scale
    if axis is not None:
        up = np.expand_dims(up, axis)
    return np.broadcast_to(up, shape)


def sum_to(up, shape: tuple):
    """A broadcast's backward: add the gradient up over the axes that were added or stretched."""
    up = np.asarray(up, dtype=float)
    extra = up.ndim - len(shape)
    if extra:
        up = up.sum(axis=tuple(range(extra)))
    stretched = tuple(k for k, n in enumerate(shape) if n == 1 and up.shape[k] != 1)
    if stretched:
        up = up.sum(axis=stretched, keepdims=True)
    return up.reshape(shape)[()]


def _count(a, axis) -> int:
    a = np.asarray(a)
    return a.size if axis is None else a.shape[axis]


def _sum_local(a, out, axis):
    shape = np.shape(a)
    return (LinearMap(lambda up: spread(up, shape, axis), "ones_like(A) * dout", np.shape(out)),)


def _mean_local(a, out, axis):
    shape, n = np.shape(a), _count(a, axis)
    rule = "ones_like(A) * dout / n"
    return (LinearMap(lambda up: spread(up, shape, axis, 1.0 / n), rule, np.shape(out)),)


def _broadcast_local(a, out, shape):
    small = np.shape(a)
    return (LinearMap(lambda up: sum_to(up, small), "dout summed over the broadcast axes", np.shape(out)),)


def _drop(shape: tuple, axis) -> tuple:
    return () if axis is None else shape[:axis] + shape[axis + 1 :]


def _reduce_label(symbol: str):
    return lambda axis: symbol if axis is None else f"{symbol} axis {axis}"


def _d_of(var: str, result: str) -> str:
    return rf"\frac{{\partial L}}{{\partial {var}}} = {result}"


# fmt: off
_register(
    Gate(
        "matmul", "dot", 2, lambda a, b, c: np.dot(a, b), _matmul_local,
        (
            _d_of("%(a)s", r"\frac{\partial L}{\partial %(out)s}\,%(b)s^{\top}"),
            _d_of("%(b)s", r"%(a)s^{\top}\,\frac{\partial L}{\partial %(out)s}"),
        ),
        SWAPS, "Matrix product; like *, each input's gradient uses the other: dA = dOut·Bᵀ, dB = Aᵀ·dOut.",
        "%(a)s.dot(%(b)s)", ("%(b)s.T", "%(a)s.T"),
        code_backward=("%(up)s.dot(%(b)s.T)", "%(a)s.T.dot(%(up)s)"),
        shape=lambda s, c: s[0][:-1] + s[1][1:], elementwise=False,
        text="%(a)s.dot(%(b)s)", tex=r"%(a)s \cdot %(b)s",
    ),
    Gate(
        "transpose", "T", 1, lambda a, c: np.transpose(a),
        lambda a, out, c: (LinearMap(np.transpose, "dout.T", np.shape(out)),),
        (_d_of("%(a)s", r"\left(\frac{\partial L}{\partial %(out)s}\right)^{\top}"),),
        LOCAL, "Transpose: rows become columns; the gradient is transposed back.",
        "%(a)s.T", ("T",), code_backward=("%(up)s.T",),
        shape=lambda s, c: s[0][::-1], elementwise=False,
        text="%(a)s.T", tex=r"%(a)s^{\top}",
    ),
    Gate(
        "sum", "Σ", 1, lambda a, c: np.sum(a, axis=c), _sum_local,
        (_d_of("%(a)s", r"\mathbf{1}\,\frac{\partial L}{\partial %(out)s}"),),
        DISTRIBUTES, "Adds up elements (all, or along an axis); like +, each gets the upstream gradient.",
        "np.sum(%(a)s%(axis)s)", ("1",), code_backward=("np.ones_like(%(a)s) * %(up)s%(expand)s",),
        shape=lambda s, c: _drop(s[0], c), label_of=_reduce_label("Σ"), elementwise=False,
        text="Σ(%(a)s)", tex=r"\sum %(a)s",
    ),
    Gate(
        "mean", "mean", 1, lambda a, c: np.mean(a, axis=c), _mean_local,
        (_d_of("%(a)s", r"\tfrac{1}{n}\,\frac{\partial L}{\partial %(out)s}"),),
        SCALES, "Averages elements (all, or along an axis); each element gets 1/n of the upstream gradient.",
        "np.mean(%(a)s%(axis)s)", ("1 / n",),
        code_backward=("np.ones_like(%(a)s) * %(up)s%(expand)s / %(count)s",),
        shape=lambda s, c: _drop(s[0], c), label_of=_reduce_label("mean"), elementwise=False,
        text="mean(%(a)s)", tex=r"\operatorname{mean}(%(a)s)",
    ),
    Gate(
        "broadcast", "bcast", 1, lambda a, c: np.broadcast_to(a, c), _broadcast_local,
        (_d_of("%(a)s", r"\sum_{\text{copies}} \frac{\partial L}{\partial %(out)s}"),),
        LOCAL, "Copies its input along new or length-1 axes (broadcasting); the copies' gradients add up.",
        "np.broadcast_to(%(a)s, %(shape)s)", ("1",), code_backward=("%(summed)s",),
        shape=lambda s, c: tuple(c), label_of=lambda c: f"→{shape_text(tuple(c))}", elementwise=False,
        text="%(a)s", tex="%(a)s",
    ),
)
# fmt: on

ARRAY_FUNCTIONS = {"dot": "matmul", "transpose": "transpose", "sum": "sum", "mean": "mean"}
