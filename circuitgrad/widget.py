"""The notebook widget: the page's circuit view inside Jupyter, evaluated by the kernel through Circuit."""

from __future__ import annotations

import anywidget
import traitlets

from .bundle import bundle
from .circuit import Circuit
from .engine import EngineError, parse
from .micrograd import LIMITS, compare_micrograd, is_micrograd_value
from .page import catalogues, render, styles

NOTEBOOK_ENTRY = "js/hosts/notebook.js"
# Past this many inputs a slider each would bury the circuit; values are then set from Python.
MAX_SLIDERS = 40
MOVED = "Values changed here, so micrograd's own numbers no longer apply; at its values: {summary}"


class CircuitWidget(anywidget.AnyWidget):
    """One circuit with its player, narration and sliders; moving a slider re-evaluates it in the kernel.

    `program`, `values` and `step` (the animation's position) follow the page and can be set from Python.
    """

    # The page's own modules, bundled when this module is imported (see bundle.py): one drawing code.
    _esm = bundle(NOTEBOOK_ENTRY)
    _css = styles(scoped=True)
    program = traitlets.Unicode().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    answer = traitlets.Dict().tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    note_ok = traitlets.Bool(True).tag(sync=True)
    lang = traitlets.Unicode("en").tag(sync=True)
    _stage = traitlets.Unicode().tag(sync=True)
    _catalogues = traitlets.Dict().tag(sync=True)

    def __init__(self, program: str, values: dict | None = None, *, expand_sigmoid=False, limits=None, **kw):
        circuit = Circuit(program, values or {}, expand_sigmoid=expand_sigmoid, limits=limits)
        self._circuit = circuit
        self._compared = None  # (values, summary) of a micrograd comparison
        super().__init__(program=program, values=dict(circuit.defaults), **kw)
        sliders = len(circuit.inputs) <= MAX_SLIDERS
        self._stage = render("_host_circuit.html", lang=self.lang, sliders=sliders)
        self._catalogues = catalogues()
        self._evaluate()
        self.step = len(self.answer.get("graph", {}).get("steps", []))

    @property
    def result(self):
        """The evaluated circuit at the current values (an engine Result)."""
        return self._circuit(self.values)

    @traitlets.observe("program")
    def _program_changed(self, change) -> None:
        old = self._circuit
        if change["new"] == old.source:
            return
        options = {"expand_sigmoid": old.expand_sigmoid, "limits": old.limits}
        try:
            # The current values carry over to the new program's inputs of the same name.
            inputs = parse(change["new"], dict.fromkeys(self.values, 0.0), **options).input_index
            kept = {name: v for name, v in self.values.items() if name in inputs}
            self._circuit = Circuit(change["new"], kept, **options)
        except EngineError as exc:
            self.answer = {"values": dict(self.values), "error": exc.to_dict()}
            return
        self.values = dict(self._circuit.defaults)
        self._evaluate()
        self.step = len(self.answer.get("graph", {}).get("steps", []))

    @traitlets.observe("values")
    def _values_changed(self, change) -> None:
        old, new = change["old"] or {}, change["new"]
        # A partial assignment changes only the inputs it names; a name the circuit lacks stays, as an error.
        full = {name: new.get(name, old.get(name, v)) for name, v in self._circuit.defaults.items()}
        full.update(new)
        if full != new:
            self.values = full
            return
        self._evaluate()

    def compared_with_micrograd(self, summary: str, agree: bool) -> None:
        """Show how our numbers compare with micrograd's, as long as the values are micrograd's own."""
        self._compared = (dict(self.values), summary)
        self.note, self.note_ok = summary, agree

    def _evaluate(self) -> None:
        values = dict(self.values)
        if self._compared:
            original, summary = self._compared
            self.note = summary if values == original else MOVED.format(summary=summary)
        try:
            self.answer = {"values": values, "graph": self._circuit(values).to_dict()}
        except EngineError as exc:
            self.answer = {"values": values, "error": exc.to_dict()}


def show(obj, values: dict | None = None, /, *, expand_sigmoid: bool = False, lang: str = "en", **named):
    """Draw a program (`show("(x+y)*z", x=-2, y=5, z=-4)`) or a micrograd Value's graph in a notebook."""
    if is_micrograd_value(obj):
        if values or named:
            raise TypeError("a micrograd graph carries its own values; change them in micrograd")
        comparison = compare_micrograd(obj)
        widget = CircuitWidget(comparison.text, lang=lang, limits=LIMITS)
        widget.compared_with_micrograd(comparison.summary(), not comparison.mismatches)
        return widget
    if not isinstance(obj, str):
        raise TypeError(f"show() draws a program (text) or a micrograd Value, not {type(obj).__name__}")
    merged = {**(values or {}), **named}
    return CircuitWidget(obj, merged, expand_sigmoid=expand_sigmoid, lang=lang)
