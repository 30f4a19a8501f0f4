"""micrograd interop: a `Value` graph (duck-typed) as program text, and a check of its numbers against ours.

Nothing here imports micrograd: any object with `data`, `grad`, `_prev` and `_op` (and maybe `label`) works,
so Karpathy's package, the lecture notebook's `Value` and a student's own copy all convert.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .engine import EngineError, Limits, parse

# micrograd graphs of whole networks run past the web page's classroom limits; the Python API lifts them.
LIMITS = Limits(max_source_chars=5_000_000, max_gates=500_000, max_depth=1_000)
# Beyond this nesting an unnamed node gets a name of its own, so no expression nests too deeply to read.
MAX_INLINE_DEPTH = 40
FUNCTIONS = {"tanh": "tanh", "exp": "exp", "relu": "relu", "ReLU": "relu", "sigmoid": "sigmoid", "log": "log"}
INFIX = {"+": 1, "-": 1, "*": 2, "/": 2}
ATOM = 9  # names, numbers, calls and bracketed text never need brackets


@dataclass
class Conversion:
    """A micrograd graph as program text, with the micrograd node behind every named wire."""

    text: str
    named: list[tuple[str, object]] = field(default_factory=list)
    output: str = ""


def is_micrograd_value(obj) -> bool:
    """True for anything shaped like micrograd's Value."""
    return all(hasattr(obj, attr) for attr in ("data", "grad", "_prev", "_op"))


def from_micrograd(root, *, inputs=None) -> str:
    """The program text of the graph that ends in `root`, micrograd's `+ * ** tanh relu exp - /` as gates.

    Leaves become inputs named by their labels; when some leaves are labelled, unlabelled ones (numbers
    micrograd wrapped, as in `2 * n`) are constants. `inputs` (an iterable of Values) chooses them instead.
    """
    return convert(root, inputs=inputs).text


def convert(root, *, inputs=None) -> Conversion:
    """from_micrograd, keeping which micrograd node each named wire stands for."""
    if not is_micrograd_value(root):
        raise TypeError("expected a micrograd Value (an object with data, grad, _prev and _op)")
    order = _topological(root)
    uses = _uses(order)
    chosen = None if inputs is None else {id(v) for v in inputs}
    any_label = any(_label(v) for v in order if not v._prev)
    names = _Names()
    inputs_lines, lines, named, texts = [], [], [], {}
    for node in order:
        key = id(node)
        if not node._prev:
            if _is_input(node, chosen, any_label):
                name = names.take(_label(node), "v")
                inputs_lines.append(f"{name} = {_number(node.data)}")
                named.append((name, node))
                texts[key] = (name, ATOM, 0)
            else:
                texts[key] = (_operand_number(node.data), ATOM, 0)
            continue
        text, prec, depth = _expression(node, texts)
        label = _label(node)
        if node is root or label or uses[key] > 1 or depth > MAX_INLINE_DEPTH:
            fallback = "f" if node is root else "t"
            name = names.take(label, fallback)
            lines.append(f"{name} = {text}")
            named.append((name, node))
            texts[key] = (name, ATOM, 0)
        else:
            texts[key] = (text, prec, depth)
    text = "\n".join(inputs_lines + lines)  # the inputs first, as in the notes' programs
    return Conversion(text, named, named[-1][0] if named else "")


def _topological(root) -> list:
    """Every node once, operands before the nodes that use them (iterative: graphs can be deep)."""
    order, seen = [], {id(root)}
    stack = [(root, iter(_operands(root)))]
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            order.append(node)
        elif id(child) not in seen:
            if not is_micrograd_value(child):
                raise TypeError(f"a node of the graph is not a micrograd Value: {child!r}")
            seen.add(id(child))
            stack.append((child, iter(_operands(child))))
    return order


def _operands(node) -> list:
    """A node's operands; micrograd keeps them in a set, so `a * a` has one child for two operands."""
    children = list(node._prev)
    if len(children) == 1 and _op(node) in INFIX:
        return children * 2
    return children


def _uses(order: list) -> dict:
    uses: dict[int, int] = {}
    for node in order:
        for child in _operands(node):
            uses[id(child)] = uses.get(id(child), 0) + 1
    return uses


def _is_input(leaf, chosen, any_label: bool) -> bool:
    if chosen is not None:
        return id(leaf) in chosen
    return bool(_label(leaf)) or not any_label


def _op(node) -> str:
    return str(node._op or "")


def _expression(node, texts: dict) -> tuple[str, int, int]:
    """The text of one micrograd operation over its operands' texts: (text, precedence, nesting depth)."""
    op = _op(node)
    operands = [texts[id(c)] for c in _operands(node)]
    depth = max(d for _, _, d in operands) + 1
    if op in FUNCTIONS:
        return f"{FUNCTIONS[op]}({operands[0][0]})", ATOM, depth
    if op.startswith("**"):
        exponent = _exponent(op)
        return f"{_bracket(operands[0], 5)} ** {exponent}", 4, depth
    if op in ("+", "*"):
        # Constants go right (x * 2) and the deeper operand left, so a running sum reads b + w0*x0 + w1*x1.
        left, right = sorted(operands, key=lambda t: (_is_number(t[0]), -t[2]))
        return f"{_bracket(left, INFIX[op])} {op} {_bracket(right, INFIX[op] + 1)}", INFIX[op], depth
    if op in ("-", "/"):
        return _ordered(node, op, operands, depth)
    raise ValueError(
        f"micrograd operation `{op}` has no gate here (known: +, *, -, /, **k, {', '.join(FUNCTIONS)})"
    )


def _ordered(node, op: str, operands: list, depth: int) -> tuple[str, int, int]:
    """`-` and `/` are not symmetric, but micrograd's set of children has no order: the data decides it."""
    children = list(node._prev)
    if op == "-" and len(children) == 1 and node.data == -children[0].data and node.data != 0:
        return f"-{_bracket(operands[0], 3)}", 3, depth
    if len(children) == 2:
        a, b = children
        compute = (lambda x, y: x - y) if op == "-" else (lambda x, y: x / y if y else math.nan)
        if not _close(compute(a.data, b.data), node.data) and _close(compute(b.data, a.data), node.data):
            operands = operands[::-1]
    prec = INFIX[op]
    return f"{_bracket(operands[0], prec)} {op} {_bracket(operands[1], prec + 1)}", prec, depth


def _bracket(operand: tuple, needed: int) -> str:
    text, prec, _ = operand
    return text if prec >= needed else f"({text})"


def _exponent(op: str) -> str:
    try:
        k = float(op[2:])
    except ValueError:
        raise ValueError(f"micrograd operation `{op}`: the exponent must be a number") from None
    if k.is_integer() and abs(k) < 1e15:
        return f"({int(k)})" if k < 0 else str(int(k))  # x ** 2, as the student wrote it
    return _operand_number(k)


def _number(value) -> str:
    """A finite number written so that it reads back exactly (repr round-trips floats)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"micrograd value {value!r} is not a finite number")
    return repr(number)


def _operand_number(value) -> str:
    text = _number(value)
    return f"({text})" if text.startswith("-") else text


def _is_number(text: str) -> bool:
    return text.lstrip("(-").rstrip(")")[:1].isdigit()


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _label(node) -> str:
    label = getattr(node, "label", "")
    return label if isinstance(label, str) else ""


class _Names:
    """Unique program names: a node's label when the language accepts it, else v1, t1, ... ."""

    def __init__(self):
        self.taken: set[str] = set()
        self.counters: dict[str, int] = {}

    def take(self, label: str, fallback: str) -> str:
        if label and label not in self.taken and _valid_name(label):
            self.taken.add(label)
            return label
        if fallback == "f" and "f" not in self.taken:
            self.taken.add("f")
            return "f"
        fallback = "t" if fallback == "f" else fallback
        while True:
            self.counters[fallback] = self.counters.get(fallback, 0) + 1
            name = f"{fallback}{self.counters[fallback]}"
            if name not in self.taken:
                self.taken.add(name)
                return name


_VALID: dict[str, bool] = {}


def _valid_name(label: str) -> bool:
    """Whether `label = 1` is a program (not a keyword, a function's name, or something else)."""
    if label not in _VALID:
        ok = label.isidentifier() and label.isascii()
        if ok:
            try:
                parse(f"{label} = 1")
            except EngineError:
                ok = False
        _VALID[label] = ok
    return _VALID[label]


@dataclass
class Row:
    """One named wire: micrograd's numbers beside ours."""

    name: str
    micrograd_value: float
    value: float
    micrograd_grad: float
    gradient: float
    grad_checked: bool
    node: object = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        value_ok = _close(float(self.micrograd_value), self.value)
        return value_ok and (not self.grad_checked or _close(float(self.micrograd_grad), self.gradient))


@dataclass
class Comparison:
    """Our engine's numbers for a micrograd graph, wire by wire against micrograd's own data and grad."""

    text: str
    result: object
    rows: list[Row]
    grads_missing: bool

    @property
    def mismatches(self) -> list[Row]:
        return [row for row in self.rows if not row.ok]

    def summary(self) -> str:
        """One sentence a student can act on."""
        what = "values" if self.grads_missing else "values and gradients"
        bad = self.mismatches
        if bad:
            shown = "; ".join(_disagreement(row) for row in bad[:3])
            more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
            text = f"{len(bad)} of {len(self.rows)} wires disagree with micrograd: {shown}{more}."
        else:
            text = f"All {len(self.rows)} wires' {what} agree with micrograd's."
        if self.grads_missing:
            text += " micrograd's gradients are all 0: run .backward() on the output to compare them."
        return text


def compare_micrograd(root, *, inputs=None) -> Comparison:
    """Recompute a micrograd graph with our engine and compare every named wire with micrograd's numbers."""
    from .engine import evaluate

    conversion = convert(root, inputs=inputs)
    result = evaluate(conversion.text, limits=LIMITS)
    index = {name: i for i, name in enumerate(result.graph.names) if name}
    grads_missing = not root.grad
    rows = [
        Row(
            name,
            node.data,
            result.values[index[name]],
            node.grad,
            result.grads[index[name]],
            not grads_missing,
        )
        for name, node in conversion.named
    ]
    return Comparison(conversion.text, result, rows, grads_missing)


def _disagreement(row: Row) -> str:
    if not _close(float(row.micrograd_value), row.value):
        return f"{row.name} = {row.value:.6g} here, {float(row.micrograd_value):.6g} in micrograd"
    return f"∂/∂{row.name} = {row.gradient:.6g} here, {float(row.micrograd_grad):.6g} in micrograd"
