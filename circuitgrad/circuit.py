"""The Python API: evaluate a program once, or parse it once as a Circuit and re-run it at new values."""

from __future__ import annotations

import math

import numpy as np

from .engine import EvalError, Limits, Result, evaluate_batch, evaluate_graph, parse, uses_arrays
from .engine import evaluate as evaluate_text
from .engine.passes import backward, forward

NO_LIMITS = None  # the engine's classroom defaults


def evaluate(
    source: str,
    values: dict | None = None,
    /,
    *,
    expand_sigmoid: bool = False,
    limits: Limits | None = NO_LIMITS,
    **named,
):
    """Evaluate `source` at the given values: `evaluate("(x+y)*z", x=-2, y=5, z=-4)`.

    Names that are not Python identifiers go in a dict: `evaluate(src, {"w[0]": 2})`; `w=[2, -3]` fills
    `w[0]`, `w[1]`. Numpy arrays of one shape evaluate the circuit at every point (see Circuit), unless the
    program itself uses numpy's arrays (`W.dot(X)`, `np.sum`, `[[1, 2]]`): then they are its matrices.
    """
    given = merge_values(values, named)
    if uses_arrays(source):
        result = evaluate_text(source, given, expand_sigmoid=expand_sigmoid, limits=limits)
        check_known(given, result.graph)
        return result
    if any(isinstance(v, np.ndarray) and v.ndim > 0 for v in given.values()):
        return Circuit(source, given, expand_sigmoid=expand_sigmoid, limits=limits)()
    given = expand_lists(given, set())
    result = evaluate_text(source, given, expand_sigmoid=expand_sigmoid, limits=limits)
    check_known(given, result.graph)
    return result


class Circuit:
    """A program parsed once; calling it runs forward and backward at new input values.

    `c = Circuit("(x+y)*z")`, then `c(x=-2, y=5, z=-4)` gives a Result (value, gradients, every wire);
    values given here become the circuit's defaults.
    """

    def __init__(
        self,
        source: str,
        values: dict | None = None,
        /,
        *,
        expand_sigmoid: bool = False,
        limits: Limits | None = NO_LIMITS,
        **named,
    ):
        self.source = source
        self.expand_sigmoid = bool(expand_sigmoid)
        self.limits = limits
        self.arrays = uses_arrays(source)  # then numpy values are the program's arrays, not points
        given = merge_values(values, named)
        defaults = given if self.arrays else expand_lists(given, set())
        # The parse only needs to know which names are given (and an array's shape); values apply per call.
        known = defaults if self.arrays else dict.fromkeys(defaults, 0.0)
        self.graph = parse(source, known, expand_sigmoid=self.expand_sigmoid, limits=limits)
        check_known(defaults, self.graph)
        start = self.graph.start_values(None)
        self.defaults = {name: start[i] for name, i in self.graph.input_index.items()}
        self.defaults.update(defaults)
        self._names = self.graph.input_names()
        if self.graph.shapes is None:
            # Numbers are checked once, here; arrays among the defaults make every call a batch.
            numbers, self._default_arrays = split_values(self.defaults)
            self._start = self.graph.start_values(numbers)

    @property
    def inputs(self) -> list[str]:
        """The circuit's input names, in order of first appearance."""
        return self.graph.input_names()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={_short(v)}" for name, v in self.defaults.items())
        return f"Circuit({self.source!r}, {shown})"

    def __call__(self, values: dict | None = None, /, **named):
        """Forward and backward at these values (the rest keep their defaults)."""
        given = merge_values(values, named)
        index = self.graph.input_index
        if not given.keys() <= index.keys():
            if not self.arrays:
                given = expand_lists(given, index)
            check_known(given, self.graph)
        if self.graph.shapes is not None:
            return evaluate_graph(self.graph, {**self.defaults, **given}, expand_sigmoid=self.expand_sigmoid)
        if self._default_arrays:
            return self._batch({**self.defaults, **given})
        start = self._every_input(given)
        if start is not None:
            vals = forward(self.graph, start)
            grads, local_grads = backward(self.graph, vals)
            return Result(self.graph, vals, grads, local_grads, self.expand_sigmoid)
        start = self._start.copy()
        isfinite = math.isfinite
        for name, value in given.items():  # the slider path: plain floats, placed straight on the tape
            if type(value) is not float or not isfinite(value):
                numbers, arrays = split_values(given)
                if arrays:
                    return self._batch({**self.defaults, **given})
                for name, number in numbers.items():
                    start[index[name]] = number
                break
            start[index[name]] = value
        vals = forward(self.graph, start)
        grads, local_grads = backward(self.graph, vals)
        return Result(self.graph, vals, grads, local_grads, self.expand_sigmoid)

    def _every_input(self, given: dict) -> list | None:
        """The tape's start when `given` holds every input, in order, as finite floats (the widget's case).

        Inputs come first on the tape, so the values go on as one list; checked in bulk, not one by one.
        """
        names = self._names
        if len(given) != len(names) or list(given) != names:
            return None
        values = list(given.values())
        if not set(map(type, values)) <= {float} or not math.isfinite(sum(values)):
            return None  # an int, an array or a non-finite number: checked one by one instead
        return values + self._start[len(names) :]

    def _batch(self, current: dict) -> ArrayResult:
        scalars, arrays = split_values(current)
        shapes = {v.shape for v in arrays.values()}
        if len(shapes) > 1:
            listed = ", ".join(f"{name} {v.shape}" for name, v in arrays.items())
            raise EvalError(f"array inputs must all have one shape; got {listed}")
        (shape,) = shapes
        batch = evaluate_batch(
            self.source, arrays, scalars, expand_sigmoid=self.expand_sigmoid, limits=self.limits
        )
        gradients = {name: g.reshape(shape) for name, g in batch.gradients.items()}
        return ArrayResult(batch.values.reshape(shape), gradients, batch.valid.reshape(shape))


class ArrayResult:
    """The circuit at every point of its array inputs: output values, input gradients, and where finite."""

    __slots__ = ("value", "gradients", "valid")

    def __init__(self, value: np.ndarray, gradients: dict, valid: np.ndarray):
        self.value = value
        self.gradients = gradients
        self.valid = valid

    def __repr__(self) -> str:
        return f"ArrayResult(value={self.value!r}, gradients={self.gradients!r})"


def merge_values(values, named: dict) -> dict:
    """One mapping from the positional dict and the keyword values (keywords win)."""
    if values is None:
        return dict(named)
    if not isinstance(values, dict):
        raise EvalError("input values must be given as a mapping from names to numbers, or as keywords")
    return {**values, **named}


def expand_lists(values: dict, inputs: set) -> dict:
    """`w=[2, -3]` stands for `w[0]=2, w[1]=-3` (unless `w` itself is an input, when arrays are batches)."""
    out = {}
    for name, value in values.items():
        if name not in inputs and _is_sequence(value):
            for k, element in enumerate(value):
                out[f"{name}[{k}]"] = element
        else:
            out[name] = value
    return out


def check_known(values: dict, graph) -> None:
    """A value for a name the circuit does not have is a typo, not something to ignore silently."""
    unknown = [name for name in values if name not in graph.input_index]
    if unknown:
        inputs = ", ".join(graph.input_names()) or "none"
        raise EvalError(f"`{unknown[0]}` is not an input of this circuit (its inputs: {inputs})")


def split_values(values: dict) -> tuple[dict, dict]:
    """(numbers as floats, arrays): a number must be finite and real (a 0-d array counts as one)."""
    numbers, arrays = {}, {}
    isfinite = math.isfinite
    for name, value in values.items():
        if type(value) is float and isfinite(value):  # the usual case, checked first: it is cheap
            numbers[name] = value
            continue
        if isinstance(value, np.ndarray) and value.ndim > 0:
            arrays[name] = value
            continue
        if isinstance(value, (bool, np.bool_, str, bytes)):
            raise EvalError(f"the value of `{name}` must be a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise EvalError(f"the value of `{name}` must be a number") from None
        if not isfinite(number):
            raise EvalError(f"the value of `{name}` must be a finite number")
        numbers[name] = number
    return numbers, arrays


def _is_sequence(value) -> bool:
    return isinstance(value, (list, tuple))


def _short(value) -> str:
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return f"array{value.shape}"
    return f"{value:g}" if isinstance(value, float) else repr(value)
