"""The compact JSON form of an evaluated circuit: columns of numbers, nothing the page can derive.

The full form (`Result.to_dict`) repeats every number several times: each wire's value on its edge and in
its forward step, each gradient in the steps' `upstream`, `product`, `total`. The compact form sends each
node's value and gradient once, each wire's local gradient once, and the gate table's templates once; the
page rebuilds edges, steps and LaTeX from them (`static/js/shared/graphform.js`), number for number.
"""

from __future__ import annotations

from .codegen import build_code, input_specs, list_preamble, seed_lines
from .gates import REGISTRY
from .grouping import collapsible
from .names import gradient_names, latex_wire_names, wire_names

FORM = "compact-1"


class _CompactPlan:
    """The values-independent columns of a graph's compact form, computed once per graph."""

    __slots__ = ("columns", "gates", "code")

    def __init__(self, graph) -> None:
        names = wire_names(graph)
        tex = latex_wire_names(graph, names)
        first, gates = graph.first_gate, graph.gates
        used: dict[str, int] = {}
        gate_index = [used.setdefault(gates[i].name, len(used)) for i in range(first, len(gates))]
        # Only the labels and constants that differ from the default (a gate's symbol, an input's name).
        params = [[i, graph.param_texts[i]] for i in range(len(graph.input_ids), len(gates))]
        params = [pair for pair in params if pair[1] is not None]
        labels = [[i, graph.label(i)] for i in range(first, len(gates)) if gates[i].takes_constant]
        # A gate's formula is in the gate table; one with a constant has its own, the constant written in.
        constants = [i for i in range(first, len(gates)) if gates[i].takes_constant]
        formulas = [[i, gates[i].formula(graph.params[i])] for i in constants]
        spans = [number for span in graph.spans for number in span]
        self.columns = {
            "leaves": [len(graph.input_ids), first],
            "gate": gate_index,
            "label": labels,
            "formula": formulas,
            "name": list(graph.names),
            "tex": tex,
            "args": [list(graph.args[i]) for i in range(first, len(gates))],
            "param": params,
            "span": spans,
            "groups": [[i, group] for i, group in enumerate(graph.groups) if group is not None],
        }
        if any(group is not None for group in graph.groups):
            used.setdefault("sigmoid", len(used))  # a σ group's code line is written as one σ
        self.gates = [_gate_record(name) for name in used]
        seed = seed_lines(graph, names, gradient_names(graph, names))
        self.code = (input_specs(graph, names), list_preamble(graph) + seed)


def _gate_record(name: str) -> dict:
    gate = REGISTRY[name]
    return {
        "name": name,
        "symbol": gate.symbol,
        "pattern": gate.pattern,
        "latex": list(gate.latex),
        "code": gate.code,
        "code_local": list(gate.code_local),
        "formula": gate.formula(),
    }


def compact_plan(graph) -> _CompactPlan:
    """The compact columns of a graph, kept with the (immutable) graph."""
    if graph.compact_plan is None:
        graph.compact_plan = _CompactPlan(graph)
    return graph.compact_plan


def to_compact(result) -> dict:
    """The compact JSON body of an evaluated circuit (see docs/contract.md, "Compact form")."""
    graph = result.graph
    if graph.shapes is not None:  # array wires carry nested lists: the full form says them best
        return result.to_dict()
    plan = compact_plan(graph)
    code = _code_columns(*plan.code, result.values)
    local = [d for grads in result.local_grads[graph.first_gate :] for d in grads]
    return {
        "form": FORM,
        "expr": graph.source,
        "output": graph.output,
        **plan.columns,
        "gates": plan.gates,
        "value": result.value,
        "values": result.values,
        "grads": result.grads,
        "local": local,
        "code": code,
        "options": {"expand_sigmoid": result.expand_sigmoid},
        "checks": [dict(check, params=dict(check["params"])) for check in result.checks],
        "warnings": result.warnings,
        "collapsible": collapsible(result),
    }


def _code_columns(inputs, preamble, vals) -> dict:
    """The code lines the page cannot derive from the gate table: inputs (with their values) and the
    gradient lists' preamble; every gate's forward and backward line is rebuilt from templates."""
    lines = build_code((inputs, [], preamble), vals)
    return {
        "inputs": [[line["text"], line["node"]] for line in lines["forward"]],
        # A seed line (`df = 3`) is the seed step's line: it carries its step, the lists' lines have none.
        "preamble": [
            [line["text"], line["node"]] + ([line["step"]] if line["step"] is not None else [])
            for line in lines["backward"]
        ],
    }
