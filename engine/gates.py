"""The gate registry: one record per gate, everything the rest of the engine knows about it.

`forward(a, b, c)` / `forward(a, c)` compute the output from the operand values and the folded
constant `c` (None for gates without one). `local(a, b, out, c)` / `local(a, out, c)` return the
**local** gradients, one per input port, kept apart from the upstream gradient. The `v*` variants do
the same on numpy arrays for batched evaluation; where omitted, the scalar formula works on arrays too.
Text templates use %-style fields: %(a)s, %(b)s (operands), %(c)s (the constant), %(out)s (the output).
"""

from __future__ import annotations

import math
import re
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
    """One kind of gate in the circuit, and everything shown about it (see the module docstring)."""

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
    # Array gates (array_gates.py): the output shape from the operands' shapes and the parameter, the label
    # with its parameter (sum over an axis), and backward code that applies the local map to %(up)s itself.
    shape: Callable | None = None
    label_of: Callable | None = None
    code_backward: tuple[str, ...] = ()
    elementwise: bool = True
    text: str = ""  # the forward formula as captions write it ("%(a)s × %(b)s"); default name(a, b)
    tex: str = ""  # the forward formula in LaTeX; default \operatorname{name}(a, b)
    member: str = ""  # inside an expanded σ, the sub-expression its output carries ("exp(%(a)s)")
    member_tex: str = ""  # the same in LaTeX ("e^{%(a)s}")
    reason: str = ""  # why it cannot be computed outside its domain: a code of errors.REASONS

    def label(self, c: float | None = None) -> str:
        """The symbol drawn in the circle, with the folded constant filled in."""
        if self.label_of is not None:
            return self.label_of(c)
        if not self.takes_constant:
            return self.symbol
        return (self.symbol % {"c": number_text(c)}).replace("+-", "-").replace("--", "+")

    def formula(self, c: float | str | None = None) -> dict:
        """How the page writes this gate at work: templates with #0, #1 for the operands, the constant in."""
        written = self.takes_constant and c is not None
        constant = c if isinstance(c, str) else number_text(c) if written else ""
        fields = {"a": "#0", "b": "#1", "c": constant}
        operands = ", ".join(fields[k] for k in "ab"[: self.arity])
        text = self.text or f"{self.symbol}({operands})"
        tex = self.tex or rf"\operatorname{{{self.name}}}({operands})"
        return {
            "text": _signs(text % fields, _TEXT_SIGNS),
            "tex": _signs(tex % fields, _TEX_SIGNS),
            "member": (self.member % fields) or None,
            "member_tex": (self.member_tex % fields) or None,
        }


# A negative constant after an operator: `x + -3` reads `x − 3`, `x × -1` reads `x × −1` (`(-1)` in LaTeX).
_TEXT_SIGNS = (
    (re.compile(r"(?<=[ ^])-(?=\d)"), "\u2212"),
    (re.compile("\\+ \u2212"), "\u2212 "),
    (re.compile("\u2212 \u2212"), "+ "),
)
_TEX_SIGNS = (
    (re.compile(r"\+ -(?=\d)"), "- "),
    (re.compile(r"- -(?=\d)"), "+ "),
    (re.compile(r"(\\times|\\div) (-[\d.e+]+)"), r"\1 (\2)"),
)


def _signs(text: str, rules) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


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
        "add", "+", 2,
        forward=lambda a, b, c: a + b, local=lambda a, b, out, c: (1.0, 1.0),
        latex=(_d("%(a)s", "%(a)s + %(b)s", "1"), _d("%(b)s", "%(a)s + %(b)s", "1")),
        pattern=DISTRIBUTES, description="Adds its inputs; hands the upstream gradient unchanged to both.",
        code="%(a)s + %(b)s", code_local=("1", "1"),
        text="%(a)s + %(b)s", tex="%(a)s + %(b)s",
    ),
    Gate(
        "sub", "-", 2,
        forward=lambda a, b, c: a - b, local=lambda a, b, out, c: (1.0, -1.0),
        latex=(_d("%(a)s", "%(a)s - %(b)s", "1"), _d("%(b)s", "%(a)s - %(b)s", "-1")),
        pattern=DISTRIBUTES,
        description="Subtracts; passes the gradient to the left input and its negative to the right.",
        code="%(a)s - %(b)s", code_local=("1", "-1"),
        text="%(a)s \u2212 %(b)s", tex="%(a)s - %(b)s",
    ),
    Gate(
        "mul", "*", 2,
        forward=lambda a, b, c: a * b, local=lambda a, b, out, c: (b, a),
        latex=(_d("%(a)s", "%(a)s %(b)s", "%(b)s"), _d("%(b)s", "%(a)s %(b)s", "%(a)s")),
        pattern=SWAPS,
        description="Multiplies; each input's local gradient is the other input's value (they swap).",
        code="%(a)s * %(b)s", code_local=("%(b)s", "%(a)s"),
        text="%(a)s \u00d7 %(b)s", tex=r"%(a)s \times %(b)s",
    ),
    Gate(
        "div", "/", 2,
        forward=lambda a, b, c: a / b, local=lambda a, b, out, c: (1.0 / b, -a / b / b),
        latex=(
            _d("%(a)s", r"\frac{%(a)s}{%(b)s}", r"\frac{1}{%(b)s}"),
            _d("%(b)s", r"\frac{%(a)s}{%(b)s}", r"-\frac{%(a)s}{%(b)s^2}"),
        ),
        pattern=LOCAL, description="Divides the left input by the right one.",
        code="%(a)s / %(b)s", code_local=("1 / %(b)s", "-%(a)s / %(b)s**2"),
        text="%(a)s / %(b)s", tex=r"%(a)s \div %(b)s",
        reason="division_by_zero",
    ),
    Gate(
        "pow", "^", 2,
        forward=lambda a, b, c: math.pow(a, b),
        local=lambda a, b, out, c: (b * math.pow(a, b - 1), _pow_exponent_local(a, b, out)),
        latex=(
            _d("%(a)s", "%(a)s^{%(b)s}", "%(b)s\\,%(a)s^{%(b)s - 1}"),
            _d("%(b)s", "%(a)s^{%(b)s}", "%(a)s^{%(b)s} \\ln %(a)s"),
        ),
        pattern=LOCAL, description="Raises the left input to the power of the right one.",
        code="%(a)s ** %(b)s", code_local=("%(b)s * %(a)s**(%(b)s - 1)", "%(out)s * math.log(%(a)s)"),
        vforward=lambda a, b, c: np.power(a, b),
        vlocal=lambda a, b, out, c: (b * np.power(a, b - 1), np.where(a == 0, 0.0, out * np.log(a))),
        text="%(a)s ^ %(b)s", tex="%(a)s^{%(b)s}",
        reason="negative_power_base",
    ),
    Gate(
        "max", "max", 2,
        forward=lambda a, b, c: a if a >= b else b, local=lambda a, b, out, c: _tie_split(a, b),
        latex=(
            _d("%(a)s", r"\max(%(a)s, %(b)s)", r"[%(a)s \ge %(b)s]"),
            _d("%(b)s", r"\max(%(a)s, %(b)s)", r"[%(b)s \ge %(a)s]"),
        ),
        pattern=ROUTES,
        description="Passes on the larger input; the gradient is routed to it alone (ties split evenly).",
        code="max(%(a)s, %(b)s)",
        code_local=(
            "1.0 if %(a)s > %(b)s else 0.5 if %(a)s == %(b)s else 0.0",
            "1.0 if %(b)s > %(a)s else 0.5 if %(a)s == %(b)s else 0.0",
        ),
        vforward=lambda a, b, c: np.maximum(a, b), vlocal=lambda a, b, out, c: _vtie_split(a, b),
        text="max(%(a)s, %(b)s)", tex=r"\max(%(a)s,\ %(b)s)",
    ),
    Gate(
        "min", "min", 2,
        forward=lambda a, b, c: a if a <= b else b, local=lambda a, b, out, c: _tie_split(b, a),
        latex=(
            _d("%(a)s", r"\min(%(a)s, %(b)s)", r"[%(a)s \le %(b)s]"),
            _d("%(b)s", r"\min(%(a)s, %(b)s)", r"[%(b)s \le %(a)s]"),
        ),
        pattern=ROUTES,
        description="Passes on the smaller input; the gradient is routed to it alone (ties split evenly).",
        code="min(%(a)s, %(b)s)",
        code_local=(
            "1.0 if %(a)s < %(b)s else 0.5 if %(a)s == %(b)s else 0.0",
            "1.0 if %(b)s < %(a)s else 0.5 if %(a)s == %(b)s else 0.0",
        ),
        vforward=lambda a, b, c: np.minimum(a, b), vlocal=lambda a, b, out, c: _vtie_split(b, a),
        text="min(%(a)s, %(b)s)", tex=r"\min(%(a)s,\ %(b)s)",
    ),
    Gate(
        "add_const", "+%(c)s", 1,
        forward=lambda a, c: a + c, local=lambda a, out, c: (1.0,),
        latex=(_d("%(a)s", "%(a)s + %(c)s", "1"),),
        pattern=DISTRIBUTES,
        description="Shifts its input by a constant; the gradient passes through unchanged.",
        code="%(a)s + %(c)s", code_local=("1",), takes_constant=True,
        text="%(a)s + %(c)s", tex="%(a)s + %(c)s", member="%(c)s + %(a)s", member_tex="%(c)s + %(a)s",
    ),
    Gate(
        "sub_const", "-%(c)s", 1,
        forward=lambda a, c: a - c, local=lambda a, out, c: (1.0,),
        latex=(_d("%(a)s", "%(a)s - %(c)s", "1"),),
        pattern=DISTRIBUTES,
        description="Shifts its input down by a constant; the gradient passes through unchanged.",
        code="%(a)s - %(c)s", code_local=("1",), takes_constant=True,
        text="%(a)s \u2212 %(c)s", tex="%(a)s - %(c)s",
    ),
    Gate(
        "rsub_const", "%(c)s-x", 1,
        forward=lambda a, c: c - a, local=lambda a, out, c: (-1.0,),
        latex=(_d("%(a)s", "%(c)s - %(a)s", "-1"),),
        pattern=SCALES, description="Subtracts its input from a constant; the gradient flips sign.",
        code="%(c)s - %(a)s", code_local=("-1",), takes_constant=True,
        text="%(c)s-%(a)s", tex="%(c)s - %(a)s",
    ),
    Gate(
        "scale", "*%(c)s", 1,
        forward=lambda a, c: c * a, local=lambda a, out, c: (c,),
        latex=(_d("%(a)s", "%(c)s\\,%(a)s", "%(c)s"),),
        pattern=SCALES,
        description="Multiplies its input by a constant; the gradient is scaled by the same constant.",
        code="%(c)s * %(a)s", code_local=("%(c)s",), takes_constant=True,
        # In an expanded σ the constant is -1: its output carries the negated input.
        text="%(a)s \u00d7 %(c)s", tex=r"%(a)s \times %(c)s", member="-%(a)s", member_tex="-%(a)s",
    ),
    Gate(
        "div_const", "/%(c)s", 1,
        forward=lambda a, c: a / c, local=lambda a, out, c: (1.0 / c,),
        latex=(_d("%(a)s", r"\frac{%(a)s}{%(c)s}", r"\frac{1}{%(c)s}"),),
        pattern=SCALES, description="Divides its input by a constant; the gradient is divided by it too.",
        code="%(a)s / %(c)s", code_local=("1 / %(c)s",), takes_constant=True,
        text="%(a)s / %(c)s", tex=r"\frac{%(a)s}{%(c)s}",
        reason="division_by_zero",
    ),
    Gate(
        "rdiv_const", "%(c)s/x", 1,
        forward=lambda a, c: c / a, local=lambda a, out, c: (-c / a / a,),
        latex=(_d("%(a)s", r"\frac{%(c)s}{%(a)s}", r"-\frac{%(c)s}{%(a)s^2}"),),
        pattern=LOCAL,
        description="Divides a constant by its input (1/x is the reciprocal gate of the notes).",
        code="%(c)s / %(a)s", code_local=("-%(c)s / (%(a)s**2)",), takes_constant=True,
        text="%(c)s / %(a)s", tex=r"\frac{%(c)s}{%(a)s}",
        reason="division_by_zero",
    ),
    Gate(
        "pow_const", "^%(c)s", 1,
        forward=lambda a, c: math.pow(a, c), local=lambda a, out, c: (_pow_base_local(a, c),),
        latex=(_d("%(a)s", "%(a)s^{%(c)s}", "%(c)s\\,%(a)s^{%(c)s - 1}"),),
        pattern=LOCAL, description="Raises its input to a constant power.",
        code="%(a)s**%(c)s", code_local=("%(c)s * %(a)s**(%(c)s - 1)",), takes_constant=True,
        vforward=lambda a, c: np.power(a, c),
        vlocal=lambda a, out, c: (np.zeros_like(a) if c == 0 else c * np.power(a, c - 1),),
        text="(%(a)s)^%(c)s", tex="%(a)s^{%(c)s}",
        reason="power_not_real",
    ),
    Gate(
        "rpow_const", "%(c)s^x", 1,
        forward=lambda a, c: math.pow(c, a), local=lambda a, out, c: (_pow_exponent_local(c, a, out),),
        latex=(_d("%(a)s", "%(c)s^{%(a)s}", "%(c)s^{%(a)s} \\ln %(c)s"),),
        pattern=LOCAL, description="Raises a constant to the power of its input.",
        code="%(c)s**%(a)s", code_local=("%(out)s * math.log(%(c)s)",), takes_constant=True,
        vforward=lambda a, c: np.power(c, a),
        vlocal=lambda a, out, c: (np.zeros_like(a) if c == 0 else out * np.log(c),),
        text="%(c)s^%(a)s", tex="%(c)s^{%(a)s}",
        reason="base_positive",
    ),
    Gate(
        "exp", "exp", 1,
        forward=lambda a, c: math.exp(a), local=lambda a, out, c: (out,),
        latex=(_d("%(a)s", "e^{%(a)s}", "e^{%(a)s}"),),
        pattern=LOCAL, description="e to the power of its input; its local gradient is its own output.",
        code="math.exp(%(a)s)", code_local=("%(out)s",), vforward=lambda a, c: np.exp(a),
        text="exp(%(a)s)", tex=r"\exp(%(a)s)", member="exp(%(a)s)", member_tex="e^{%(a)s}",
    ),
    Gate(
        "log", "log", 1,
        forward=lambda a, c: math.log(a), local=lambda a, out, c: (1.0 / a,),
        latex=(_d("%(a)s", r"\ln %(a)s", r"\frac{1}{%(a)s}"),),
        pattern=LOCAL, description="Natural logarithm.",
        code="math.log(%(a)s)", code_local=("1 / %(a)s",), vforward=lambda a, c: np.log(a),
        text="log(%(a)s)", tex=r"\log(%(a)s)",
        reason="log_positive",
    ),
    Gate(
        "sigmoid", "σ", 1,
        forward=_sigmoid, local=lambda a, out, c: ((1.0 - out) * out,),
        latex=(_d("%(a)s", r"\sigma(%(a)s)", r"(1 - \sigma(%(a)s))\,\sigma(%(a)s)"),),
        pattern=LOCAL, description="The sigmoid 1/(1+e^-x) as one gate; local gradient (1 - σ)σ.",
        code="1.0 / (1 + math.exp(-%(a)s))", code_local=("(1 - %(out)s) * %(out)s",), vforward=_vsigmoid,
        text="σ(%(a)s)", tex=r"\sigma(%(a)s)",
    ),
    Gate(
        "tanh", "tanh", 1,
        forward=lambda a, c: math.tanh(a), local=lambda a, out, c: (1.0 - out * out,),
        latex=(_d("%(a)s", r"\tanh %(a)s", r"1 - \tanh^2 %(a)s"),),
        pattern=LOCAL, description="Hyperbolic tangent; local gradient 1 - tanh².",
        code="math.tanh(%(a)s)", code_local=("1 - %(out)s**2",), vforward=lambda a, c: np.tanh(a),
        text="tanh(%(a)s)", tex=r"\tanh(%(a)s)",
    ),
    Gate(
        # NOTE: relu'(0) = 0 by convention, as in PyTorch.
        "relu", "relu", 1,
        forward=lambda a, c: a if a > 0 else 0.0, local=lambda a, out, c: (1.0 if a > 0 else 0.0,),
        latex=(_d("%(a)s", r"\max(0, %(a)s)", r"[%(a)s > 0]"),),
        pattern=ROUTES,
        description="max(0, x): passes the gradient where the input is positive, blocks it elsewhere.",
        code="max(%(a)s, 0.0)", code_local=("1.0 if %(a)s > 0 else 0.0",),
        vforward=lambda a, c: np.maximum(a, 0.0), vlocal=lambda a, out, c: (np.where(a > 0, 1.0, 0.0),),
        text="relu(%(a)s)", tex=r"\operatorname{relu}(%(a)s)",
    ),
    Gate(
        "sqrt", "sqrt", 1,
        forward=lambda a, c: math.sqrt(a), local=lambda a, out, c: (0.5 / out,),
        latex=(_d("%(a)s", r"\sqrt{%(a)s}", r"\frac{1}{2\sqrt{%(a)s}}"),),
        pattern=LOCAL, description="Square root.",
        code="math.sqrt(%(a)s)", code_local=("0.5 / %(out)s",), vforward=lambda a, c: np.sqrt(a),
        text="sqrt(%(a)s)", tex=r"\sqrt{%(a)s}",
        reason="sqrt_non_negative",
    ),
    Gate(
        "abs", "abs", 1,
        forward=lambda a, c: abs(a), local=lambda a, out, c: (_sign(a),),
        latex=(_d("%(a)s", r"|%(a)s|", r"\operatorname{sign}(%(a)s)"),),
        pattern=ROUTES, description="Absolute value; the gradient keeps or flips its sign (0 at the kink).",
        code="abs(%(a)s)", code_local=("(%(a)s > 0) - (%(a)s < 0)",),
        vforward=lambda a, c: np.abs(a), vlocal=lambda a, out, c: (np.sign(a),),
        text="abs(%(a)s)", tex=r"\lvert %(a)s \rvert",
    ),
    Gate(
        "sin", "sin", 1,
        forward=lambda a, c: math.sin(a), local=lambda a, out, c: (math.cos(a),),
        latex=(_d("%(a)s", r"\sin %(a)s", r"\cos %(a)s"),),
        pattern=LOCAL, description="Sine.",
        code="math.sin(%(a)s)", code_local=("math.cos(%(a)s)",),
        vforward=lambda a, c: np.sin(a), vlocal=lambda a, out, c: (np.cos(a),),
        text="sin(%(a)s)", tex=r"\sin(%(a)s)",
    ),
    Gate(
        "cos", "cos", 1,
        forward=lambda a, c: math.cos(a), local=lambda a, out, c: (-math.sin(a),),
        latex=(_d("%(a)s", r"\cos %(a)s", r"-\sin %(a)s"),),
        pattern=LOCAL, description="Cosine.",
        code="math.cos(%(a)s)", code_local=("-math.sin(%(a)s)",),
        vforward=lambda a, c: np.cos(a), vlocal=lambda a, out, c: (-np.sin(a),),
        text="cos(%(a)s)", tex=r"\cos(%(a)s)",
    ),
)
# fmt: on

# What σ expands to (the notes' chain *-1, exp, +1, 1/x): gate, constant, the constant as written.
SIGMOID_CHAIN = (
    ("scale", -1.0, "-1"),
    ("exp", None, None),
    ("add_const", 1.0, "1"),
    ("rdiv_const", 1.0, "1.0"),
)

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
                "formula": gate.formula("c" if gate.takes_constant else None),
                "reason": gate.reason or None,
            }
        )
    return records
