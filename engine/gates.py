"""The gate registry: one record per gate, everything the rest of the engine knows about it.

`forward(a, b, c)` / `forward(a, c)` compute the output from the operand values and the folded
constant `c` (None for gates without one). `local(a, b, out, c)` / `local(a, out, c)` return the
**local** gradients, one per input port, kept apart from the upstream gradient. The `v*` variants do
the same on numpy arrays for batched evaluation; where omitted, the scalar formula works on arrays too.
Text templates use %-style fields: %(a)s, %(b)s (operands), %(c)s (the constant), %(out)s (the output).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

DISTRIBUTES = "distributes"
ROUTES = "routes"
SWAPS = "swaps"
SCALES = "scales"
LOCAL = "local"


@dataclass(frozen=True)
class Gate:
    """One kind of gate in the circuit."""

    name: str
    symbol: str  # drawn in the circle; with a constant, formatted with %(c)s
    arity: int
    forward: Callable
    local: Callable
    latex: tuple[str, ...]  # d out / d operand, one per port
    pattern: str
    description: str
    code: str  # forward expression in Python
    code_local: tuple[str, ...]  # local gradient in Python, one per port
    vforward: Callable | None = None
    vlocal: Callable | None = None
    takes_constant: bool = False
    domain: str = ""  # what goes wrong outside the domain, for error messages
    # Array gates (array_gates.py): the output shape from the operands' shapes and the parameter, the label
    # with its parameter (sum over an axis), and backward code that applies the local map to %(up)s itself.
    shape: Callable | None = None
    label_of: Callable | None = None
    code_backward: tuple[str, ...] = ()
    elementwise: bool = True

    def label(self, c: float | None = None) -> str:
        """The symbol drawn in the circle, with the folded constant filled in."""
        if self.label_of is not None:
            return self.label_of(c)
        if not self.takes_constant:
            return self.symbol
        return (self.symbol % {"c": number_text(c)}).replace("+-", "-").replace("--", "+")


def number_text(c: float) -> str:
    """Short text for a constant: 1.0 -> '1', 0.5 -> '0.5'."""
    if c == int(c) and abs(c) < 1e15:
        return str(int(c))
    return repr(c)


def _pow_exponent_local(a, b, out):
    # NOTE: d(a^b)/db = a^b ln a needs a > 0; at a == 0 with b > 0 the output is flat at 0, so we use 0.
    if a > 0:
        return out * math.log(a)
    if a == 0 and b > 0:
        return 0.0
    raise ValueError("exponent gradient needs a positive base")


def _pow_base_local(a, c):
    # NOTE: x**0 is 1 everywhere, so its slope is 0, even at x = 0 (where c * x**(c-1) would divide by zero).
    if c == 0:
        return 0.0
    return c * math.pow(a, c - 1)


def _tie_split(a, b):
    # NOTE: max/min ties split the gradient evenly between both inputs, as PyTorch and JAX do.
    if a > b:
        return (1.0, 0.0)
    if a < b:
        return (0.0, 1.0)
    return (0.5, 0.5)


def _vtie_split(a, b):
    first = (a > b) + 0.5 * (a == b)  # 1, ½ at a tie, 0
    return (first, 1.0 - first)


def _sigmoid(a, c=None):
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def _vsigmoid(a, c=None):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _d(var: str, body: str, result: str) -> str:
    return rf"\frac{{\partial}}{{\partial {var}}}\left({body}\right) = {result}"


def _sign(a):
    # NOTE: abs'(0) = 0 by convention (the subgradient in the middle of [-1, 1]).
    return 1.0 if a > 0 else (-1.0 if a < 0 else 0.0)


REGISTRY: dict[str, Gate] = {}


def _register(*gates: Gate) -> None:
    for gate in gates:
        REGISTRY[gate.name] = gate


# fmt: off
_register(
    Gate(
        "add", "+", 2, lambda a, b, c: a + b, lambda a, b, out, c: (1.0, 1.0),
        (_d("%(a)s", "%(a)s + %(b)s", "1"), _d("%(b)s", "%(a)s + %(b)s", "1")),
        DISTRIBUTES, "Adds its inputs; hands the upstream gradient unchanged to both.",
        "%(a)s + %(b)s", ("1", "1"),
    ),
    Gate(
        "sub", "-", 2, lambda a, b, c: a - b, lambda a, b, out, c: (1.0, -1.0),
        (_d("%(a)s", "%(a)s - %(b)s", "1"), _d("%(b)s", "%(a)s - %(b)s", "-1")),
        DISTRIBUTES, "Subtracts; passes the gradient to the left input and its negative to the right.",
        "%(a)s - %(b)s", ("1", "-1"),
    ),
    Gate(
        "mul", "*", 2, lambda a, b, c: a * b, lambda a, b, out, c: (b, a),
        (_d("%(a)s", "%(a)s %(b)s", "%(b)s"), _d("%(b)s", "%(a)s %(b)s", "%(a)s")),
        SWAPS, "Multiplies; each input's local gradient is the other input's value (they swap).",
        "%(a)s * %(b)s", ("%(b)s", "%(a)s"),
    ),
    Gate(
        "div", "/", 2, lambda a, b, c: a / b, lambda a, b, out, c: (1.0 / b, -a / b / b),
        (
            _d("%(a)s", r"\frac{%(a)s}{%(b)s}", r"\frac{1}{%(b)s}"),
            _d("%(b)s", r"\frac{%(a)s}{%(b)s}", r"-\frac{%(a)s}{%(b)s^2}"),
        ),
        LOCAL, "Divides the left input by the right one.",
        "%(a)s / %(b)s", ("1 / %(b)s", "-%(a)s / %(b)s**2"),
        domain="division by zero",
    ),
    Gate(
        "pow", "^", 2, lambda a, b, c: math.pow(a, b),
        lambda a, b, out, c: (b * math.pow(a, b - 1), _pow_exponent_local(a, b, out)),
        (
            _d("%(a)s", "%(a)s^{%(b)s}", "%(b)s\\,%(a)s^{%(b)s - 1}"),
            _d("%(b)s", "%(a)s^{%(b)s}", "%(a)s^{%(b)s} \\ln %(a)s"),
        ),
        LOCAL, "Raises the left input to the power of the right one.",
        "%(a)s ** %(b)s", ("%(b)s * %(a)s**(%(b)s - 1)", "%(out)s * math.log(%(a)s)"),
        vforward=lambda a, b, c: np.power(a, b),
        vlocal=lambda a, b, out, c: (b * np.power(a, b - 1), np.where(a == 0, 0.0, out * np.log(a))),
        domain="a power of a negative or zero base is not a real number here",
    ),
    Gate(
        "max", "max", 2, lambda a, b, c: a if a >= b else b, lambda a, b, out, c: _tie_split(a, b),
        (
            _d("%(a)s", r"\max(%(a)s, %(b)s)", r"[%(a)s \ge %(b)s]"),
            _d("%(b)s", r"\max(%(a)s, %(b)s)", r"[%(b)s \ge %(a)s]"),
        ),
        ROUTES, "Passes on the larger input; the gradient is routed to it alone (ties split evenly).",
        "max(%(a)s, %(b)s)",
        (
            "1.0 if %(a)s > %(b)s else 0.5 if %(a)s == %(b)s else 0.0",
            "1.0 if %(b)s > %(a)s else 0.5 if %(a)s == %(b)s else 0.0",
        ),
        vforward=lambda a, b, c: np.maximum(a, b),
        vlocal=lambda a, b, out, c: _vtie_split(a, b),
    ),
    Gate(
        "min", "min", 2, lambda a, b, c: a if a <= b else b,
        lambda a, b, out, c: _tie_split(b, a),
        (
            _d("%(a)s", r"\min(%(a)s, %(b)s)", r"[%(a)s \le %(b)s]"),
            _d("%(b)s", r"\min(%(a)s, %(b)s)", r"[%(b)s \le %(a)s]"),
        ),
        ROUTES, "Passes on the smaller input; the gradient is routed to it alone (ties split evenly).",
        "min(%(a)s, %(b)s)",
        (
            "1.0 if %(a)s < %(b)s else 0.5 if %(a)s == %(b)s else 0.0",
            "1.0 if %(b)s < %(a)s else 0.5 if %(a)s == %(b)s else 0.0",
        ),
        vforward=lambda a, b, c: np.minimum(a, b),
        vlocal=lambda a, b, out, c: _vtie_split(b, a),
    ),
    Gate(
        "add_const", "+%(c)s", 1, lambda a, c: a + c, lambda a, out, c: (1.0,),
        (_d("%(a)s", "%(a)s + %(c)s", "1"),),
        DISTRIBUTES, "Shifts its input by a constant; the gradient passes through unchanged.",
        "%(a)s + %(c)s", ("1",), takes_constant=True,
    ),
    Gate(
        "sub_const", "-%(c)s", 1, lambda a, c: a - c, lambda a, out, c: (1.0,),
        (_d("%(a)s", "%(a)s - %(c)s", "1"),),
        DISTRIBUTES, "Shifts its input down by a constant; the gradient passes through unchanged.",
        "%(a)s - %(c)s", ("1",), takes_constant=True,
    ),
    Gate(
        "rsub_const", "%(c)s-x", 1, lambda a, c: c - a, lambda a, out, c: (-1.0,),
        (_d("%(a)s", "%(c)s - %(a)s", "-1"),),
        SCALES, "Subtracts its input from a constant; the gradient flips sign.",
        "%(c)s - %(a)s", ("-1",), takes_constant=True,
    ),
    Gate(
        "scale", "*%(c)s", 1, lambda a, c: c * a, lambda a, out, c: (c,),
        (_d("%(a)s", "%(c)s\\,%(a)s", "%(c)s"),),
        SCALES, "Multiplies its input by a constant; the gradient is scaled by the same constant.",
        "%(c)s * %(a)s", ("%(c)s",), takes_constant=True,
    ),
    Gate(
        "div_const", "/%(c)s", 1, lambda a, c: a / c, lambda a, out, c: (1.0 / c,),
        (_d("%(a)s", r"\frac{%(a)s}{%(c)s}", r"\frac{1}{%(c)s}"),),
        SCALES, "Divides its input by a constant; the gradient is divided by it too.",
        "%(a)s / %(c)s", ("1 / %(c)s",), takes_constant=True, domain="division by zero",
    ),
    Gate(
        "rdiv_const", "%(c)s/x", 1, lambda a, c: c / a, lambda a, out, c: (-c / a / a,),
        (_d("%(a)s", r"\frac{%(c)s}{%(a)s}", r"-\frac{%(c)s}{%(a)s^2}"),),
        LOCAL, "Divides a constant by its input (1/x is the reciprocal gate of the notes).",
        "%(c)s / %(a)s", ("-%(c)s / (%(a)s**2)",), takes_constant=True, domain="division by zero",
    ),
    Gate(
        "pow_const", "^%(c)s", 1, lambda a, c: math.pow(a, c), lambda a, out, c: (_pow_base_local(a, c),),
        (_d("%(a)s", "%(a)s^{%(c)s}", "%(c)s\\,%(a)s^{%(c)s - 1}"),),
        LOCAL, "Raises its input to a constant power.",
        "%(a)s**%(c)s", ("%(c)s * %(a)s**(%(c)s - 1)",), takes_constant=True,
        vforward=lambda a, c: np.power(a, c),
        vlocal=lambda a, out, c: (np.zeros_like(a) if c == 0 else c * np.power(a, c - 1),),
        domain="this power is not a real number (or has an infinite slope) here",
    ),
    Gate(
        "rpow_const", "%(c)s^x", 1, lambda a, c: math.pow(c, a),
        lambda a, out, c: (_pow_exponent_local(c, a, out),),
        (_d("%(a)s", "%(c)s^{%(a)s}", "%(c)s^{%(a)s} \\ln %(c)s"),),
        LOCAL, "Raises a constant to the power of its input.",
        "%(c)s**%(a)s", ("%(out)s * math.log(%(c)s)",), takes_constant=True,
        vforward=lambda a, c: np.power(c, a),
        vlocal=lambda a, out, c: (np.zeros_like(a) if c == 0 else out * np.log(c),),
        domain="the base must be positive",
    ),
    Gate(
        "exp", "exp", 1, lambda a, c: math.exp(a), lambda a, out, c: (out,),
        (_d("%(a)s", "e^{%(a)s}", "e^{%(a)s}"),),
        LOCAL, "e to the power of its input; its local gradient is its own output.",
        "math.exp(%(a)s)", ("%(out)s",), vforward=lambda a, c: np.exp(a),
    ),
    Gate(
        "log", "log", 1, lambda a, c: math.log(a), lambda a, out, c: (1.0 / a,),
        (_d("%(a)s", r"\ln %(a)s", r"\frac{1}{%(a)s}"),),
        LOCAL, "Natural logarithm.",
        "math.log(%(a)s)", ("1 / %(a)s",), vforward=lambda a, c: np.log(a),
        domain="log needs a positive input",
    ),
    Gate(
        "sigmoid", "σ", 1, _sigmoid, lambda a, out, c: ((1.0 - out) * out,),
        (_d("%(a)s", r"\sigma(%(a)s)", r"(1 - \sigma(%(a)s))\,\sigma(%(a)s)"),),
        LOCAL, "The sigmoid 1/(1+e^-x) as one gate; local gradient (1 - σ)σ.",
        "1.0 / (1 + math.exp(-%(a)s))", ("(1 - %(out)s) * %(out)s",), vforward=_vsigmoid,
    ),
    Gate(
        "tanh", "tanh", 1, lambda a, c: math.tanh(a), lambda a, out, c: (1.0 - out * out,),
        (_d("%(a)s", r"\tanh %(a)s", r"1 - \tanh^2 %(a)s"),),
        LOCAL, "Hyperbolic tangent; local gradient 1 - tanh².",
        "math.tanh(%(a)s)", ("1 - %(out)s**2",), vforward=lambda a, c: np.tanh(a),
    ),
    Gate(
        # NOTE: relu'(0) = 0 by convention, as in PyTorch.
        "relu", "relu", 1, lambda a, c: a if a > 0 else 0.0, lambda a, out, c: (1.0 if a > 0 else 0.0,),
        (_d("%(a)s", r"\max(0, %(a)s)", r"[%(a)s > 0]"),),
        ROUTES, "max(0, x): passes the gradient where the input is positive, blocks it elsewhere.",
        "max(%(a)s, 0.0)", ("1.0 if %(a)s > 0 else 0.0",),
        vforward=lambda a, c: np.maximum(a, 0.0), vlocal=lambda a, out, c: (np.where(a > 0, 1.0, 0.0),),
    ),
    Gate(
        "sqrt", "sqrt", 1, lambda a, c: math.sqrt(a), lambda a, out, c: (0.5 / out,),
        (_d("%(a)s", r"\sqrt{%(a)s}", r"\frac{1}{2\sqrt{%(a)s}}"),),
        LOCAL, "Square root.",
        "math.sqrt(%(a)s)", ("0.5 / %(out)s",), vforward=lambda a, c: np.sqrt(a),
        domain="sqrt needs a non-negative input (and has an infinite slope at 0)",
    ),
    Gate(
        "abs", "abs", 1, lambda a, c: abs(a), lambda a, out, c: (_sign(a),),
        (_d("%(a)s", r"|%(a)s|", r"\operatorname{sign}(%(a)s)"),),
        ROUTES, "Absolute value; the gradient keeps or flips its sign (0 at the kink).",
        "abs(%(a)s)", ("(%(a)s > 0) - (%(a)s < 0)",),
        vforward=lambda a, c: np.abs(a), vlocal=lambda a, out, c: (np.sign(a),),
    ),
    Gate(
        "sin", "sin", 1, lambda a, c: math.sin(a), lambda a, out, c: (math.cos(a),),
        (_d("%(a)s", r"\sin %(a)s", r"\cos %(a)s"),),
        LOCAL, "Sine.",
        "math.sin(%(a)s)", ("math.cos(%(a)s)",),
        vforward=lambda a, c: np.sin(a), vlocal=lambda a, out, c: (np.cos(a),),
    ),
    Gate(
        "cos", "cos", 1, lambda a, c: math.cos(a), lambda a, out, c: (-math.sin(a),),
        (_d("%(a)s", r"\cos %(a)s", r"-\sin %(a)s"),),
        LOCAL, "Cosine.",
        "math.cos(%(a)s)", ("-math.sin(%(a)s)",),
        vforward=lambda a, c: np.cos(a), vlocal=lambda a, out, c: (-np.sin(a),),
    ),
)
# fmt: on

# Functions a program may call, with the gate each one becomes.
FUNCTIONS = {
    "max": "max",
    "min": "min",
    "exp": "exp",
    "log": "log",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "sqrt": "sqrt",
    "abs": "abs",
    "sin": "sin",
    "cos": "cos",
}
FUNCTION_ALIASES = {"σ": "sigmoid", "maximum": "max", "minimum": "min", "fabs": "abs", "absolute": "abs"}

from . import array_gates  # noqa: E402, F401  (registers the array gates after the elementwise ones)


def gate_registry() -> list[dict]:
    """The registry as JSON-ready records, for `GET /api/gates`."""
    records = []
    for gate in REGISTRY.values():
        names = {"a": "x", "b": "y", "c": "c", "out": "f"}
        records.append(
            {
                "name": gate.name,
                "symbol": gate.symbol % {"c": "c"} if gate.takes_constant else gate.symbol,
                "arity": gate.arity,
                "pattern": gate.pattern,
                "latex": r",\quad ".join(t % names for t in gate.latex),
                "description": gate.description,
            }
        )
    return records
