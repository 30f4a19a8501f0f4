"""A standalone HTML file: one circuit, its animation, styles and scripts inline, for disk or a course."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from . import __version__
from .bundle import bundle
from .circuit import evaluate
from .engine.shapes import shape_text
from .page import catalogues, render, styles

STANDALONE_ENTRY = "js/hosts/standalone.js"
TITLE_CHARS = 60
SHOWN_VALUES = 6
# The page state a file carries: where the player stands and how numbers are rounded (values are fixed).
VIEW_KEYS = ("step", "prec")


def export_html(
    source: str,
    values: dict | None = None,
    /,
    *,
    path: str | Path | None = None,
    lang: str = "en",
    expand_sigmoid: bool = False,
    view: Mapping | None = None,
    **named,
) -> str:
    """The page of one evaluated circuit, values fixed; also written to `path` when given.

    It needs no server and no network: `export_html("(x+y)*z", x=-2, y=5, z=-4, path="circuit.html")`.
    `view` is where the file opens, in the page's state keys: `{"step": 4, "prec": 3}` (default: the end).
    """
    result = evaluate(source, values, expand_sigmoid=expand_sigmoid, **named)
    if not hasattr(result, "to_dict"):
        raise ValueError("a standalone file shows one circuit: give single numbers, not arrays")
    graph = result.to_dict()
    first_line = source.strip().splitlines()[0] if source.strip() else source
    html = render(
        "standalone.html",
        lang=lang,
        version=__version__,
        expr=source,
        expr_title=first_line if len(first_line) <= TITLE_CHARS else first_line[: TITLE_CHARS - 1] + "…",
        expr_lines=len(source.splitlines()),
        values_text=_values_text(graph["inputs"]),
        styles=styles(scoped=False),
        graph_json=script_json(graph),
        catalogues_json=script_json(catalogues()),
        view_json=script_json({key: value for key, value in (view or {}).items() if key in VIEW_KEYS}),
        script=bundle(STANDALONE_ENTRY),
        sliders=False,
    )
    if path is not None:
        Path(path).write_text(html, encoding="utf-8")
    return html


def script_json(value) -> str:
    """JSON that is safe inside an inline <script> (no `</script>` or `<!--` can end it early)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _values_text(inputs: list) -> str:
    """`x = -2, y = 5, z = -4`; past a handful of inputs, the first few and how many there are."""
    shown = ", ".join(f"{i['name']} = {_value_text(i)}" for i in inputs[:SHOWN_VALUES])
    if len(inputs) > SHOWN_VALUES:
        shown += f", … ({len(inputs)})"
    return shown or "—"


def _value_text(item: dict) -> str:
    """A number as Python writes it; an array by its shape (`2×3 array`), its numbers are in the drawing."""
    shape = tuple(item.get("shape") or ())
    return f"{shape_text(shape)} array" if shape else _number(item["value"])


def _number(value: float) -> str:
    return format(value, ".15g")
