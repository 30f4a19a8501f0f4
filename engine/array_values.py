"""Array values at the engine's edges: nested lists in, nested lists (with their shape) out."""

from __future__ import annotations

import math

import numpy as np

from .errors import EvalError, Message
from .shapes import MAX_DIMS


def is_array_value(value) -> bool:
    """A list, tuple or numpy array (with at least one dimension) rather than a single number."""
    return isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim > 0)


def as_array(name: str, value) -> np.ndarray:
    """A given value as a float array: rectangular, finite, at most two dimensions."""
    if isinstance(value, bool):
        raise EvalError(Message("value_array", name=name))
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise EvalError(Message("value_array", name=name)) from None
    if array.ndim > MAX_DIMS:
        raise EvalError(Message("too_many_dims", what=f"`{name}`", dims=array.ndim))
    if array.size == 0:
        raise EvalError(Message("array_empty"))
    if not np.isfinite(array).all():
        raise EvalError(Message("value_array", name=name))
    if isinstance(value, (list, tuple)) and _has_booleans(value):
        raise EvalError(Message("value_array", name=name))
    return array


def _has_booleans(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, bool):
            return True
        if isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def value_shape(value) -> tuple | None:
    """The shape of a given value, None for a single number (for the parse cache's key)."""
    return np.shape(value) if is_array_value(value) else None


def jsonable(value):
    """A value for JSON: a float, or a nested list of floats for an array."""
    if isinstance(value, np.ndarray):
        return value.tolist() if value.ndim else float(value)
    if isinstance(value, np.generic):
        return float(value)
    return value


def element_text(index: tuple) -> str:
    """`[1, 2]` for an element of a matrix, `[3]` for one of a vector."""
    return "[" + ", ".join(str(int(k)) for k in index) + "]"


def first_bad(value) -> tuple[tuple, float] | None:
    """The first non-finite element of an array (its index and value), or None."""
    array = np.asarray(value)
    bad = np.argwhere(~np.isfinite(array))
    if not len(bad):
        return None
    index = tuple(bad[0])
    return index, float(array[index])


def finite_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
