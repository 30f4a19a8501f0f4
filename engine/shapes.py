"""Shape rules of the array gates, applied before anything runs, with the dimension analysis in words.

Shapes are tuples: () a single number, (n,) a vector, (m, n) a matrix; arrays have at most two dimensions,
which is all the notes use and all a drawing can show.
"""

from __future__ import annotations

from math import prod

from .errors import Message, ParseError

MAX_DIMS = 2


class ShapeError(ParseError):
    """Shapes that do not fit together, found before anything runs (the notes' dimension analysis)."""


def shape_text(shape: tuple) -> str:
    """`5×10` for a matrix, `(4,)` for a vector (as numpy prints it), `()` for a single number."""
    if len(shape) == 2:
        return f"{shape[0]}×{shape[1]}"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "()"


def size_of(shape: tuple) -> int:
    return prod(shape)


def matmul_shape(a: tuple, b: tuple, names: tuple[str, str], expr: str, where: tuple) -> tuple:
    """The shape of a.dot(b) (numpy's rules for vectors and matrices), or a ShapeError saying why not."""
    for shape, name in zip((a, b), names, strict=True):
        if not shape:
            raise ShapeError(Message("matmul_scalar", expr=expr, name=name), *where)
    left, right = a[-1], b[0]
    if left != right:
        params = {"a": names[0], "a_shape": shape_text(a), "b": names[1], "b_shape": shape_text(b)}
        params.update(expr=expr, left=left, right=right)
        code = "matmul_mismatch" if len(a) == 2 and len(b) == 2 else "matmul_mismatch_vector"
        raise ShapeError(Message(code, **params), *where)
    return a[:-1] + b[1:]


def broadcast_shape(a: tuple, b: tuple, names: tuple[str, str], expr: str, where: tuple) -> tuple:
    """numpy broadcasting: shapes compared from the right, each pair equal or one of them 1."""
    out = []
    for k in range(1, max(len(a), len(b)) + 1):
        x = a[-k] if k <= len(a) else 1
        y = b[-k] if k <= len(b) else 1
        if x != y and x != 1 and y != 1:
            params = {"a": names[0], "a_shape": shape_text(a), "b": names[1], "b_shape": shape_text(b)}
            raise ShapeError(Message("broadcast_mismatch", expr=expr, left=x, right=y, **params), *where)
        out.append(max(x, y) if x != 0 and y != 0 else 0)
    return tuple(reversed(out))


def reduced_shape(shape: tuple, axis: int | None, name: str, where: tuple) -> tuple:
    """The shape after summing over `axis` (None: every element)."""
    if axis is None:
        return ()
    return _drop(shape, check_axis(shape, axis, name, where))


def check_axis(shape: tuple, axis: int, name: str, where: tuple) -> int:
    """A valid non-negative axis of `shape`, or a ShapeError."""
    if not -len(shape) <= axis < len(shape):
        last = len(shape) - 1
        if not shape:
            raise ShapeError(Message("axis_scalar", name=name, axis=axis), *where)
        raise ShapeError(
            Message("axis_range", name=name, shape=shape_text(shape), axis=axis, last=last), *where
        )
    return axis % len(shape)


def _drop(shape: tuple, axis: int) -> tuple:
    return shape[:axis] + shape[axis + 1 :]


def broadcast_axes(small: tuple, big: tuple) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(axes added on the left, axes of length 1 stretched) when `small` is broadcast to `big`."""
    added = len(big) - len(small)
    stretched = tuple(added + k for k, n in enumerate(small) if n == 1 and big[added + k] != 1)
    return tuple(range(added)), stretched


def check_dims(shape: tuple, what: str, where: tuple) -> None:
    if len(shape) > MAX_DIMS:
        raise ShapeError(Message("too_many_dims", what=what, dims=len(shape)), *where)
