"""Display names for wires, shared by the code generator and the step trace."""

from __future__ import annotations

import re

from .graph import CONST, INPUT, Graph

_SUBSCRIPT = re.compile(r"^([^\W\d]+)_?(\d+)$")
_ELEMENT = re.compile(r"^(\w+)\[(\d+)\]$")


def wire_names(graph: Graph) -> list[str | None]:
    """A Python name for every wire: the user's, or `t1`, `t2`, ... (the output is `f` if free).

    Gates inside a σ group (all but its last gate) get None: the code speaks of the group as one σ.
    """
    taken = {n for n in graph.names if n}
    taken.update(n.split("[", 1)[0] for n in graph.names if n and "[" in n)
    names: list[str | None] = list(graph.names)
    kinds, groups, params = graph.kinds, graph.groups, graph.param_texts
    counter = 0
    for i, kind in enumerate(kinds):
        if kind == CONST:
            names[i] = params[i]
        elif kind != INPUT and names[i] is None:
            if groups[i] is not None and groups[i] != i:
                continue
            if i == graph.output and "f" not in taken:
                names[i] = "f"
                continue
            counter += 1
            while f"t{counter}" in taken:
                counter += 1
            names[i] = f"t{counter}"
    return names


def gradient_names(graph: Graph, names: list[str | None]) -> list[str | None]:
    """The variable holding each wire's gradient: `dx`, `dw[0]`; `d_x` if the user already has `dx`."""
    taken = {n for n in graph.names if n}
    result: list[str | None] = []
    for i, name in enumerate(names):
        if name is None or graph.kinds[i] == CONST:
            result.append(None)
            continue
        grad = "d" + name
        if grad.split("[", 1)[0] in taken:
            grad = "d_" + name
        result.append(grad)
    return result


def latex_wire_names(graph: Graph, names: list[str | None]) -> list[str]:
    """Every wire's name as LaTeX (see wire_names), σ group members as their sub-expression.

    Gates inside a σ group have no name of their own (the code writes the σ on one line), so in formulas
    their wires go by the sub-expression their gate declares (`member_tex`): -y, e^{-y}, 1 + e^{-y}.
    """
    bare = [None if n is None else latex_name(n) for n in names]
    tex = list(bare)
    for i in range(graph.first_gate, len(tex)):
        if bare[i] is None:
            gate = graph.gates[i]
            member = gate.formula(graph.params[i])["member_tex"] or rf"\mathrm{{{gate.name}}}(#0)"
            bare[i] = member.replace("#0", bare[graph.args[i][0]] or "?")
            tex[i] = _grouped(bare[i])
    return tex


def _grouped(tex: str) -> str:
    """Brackets around a sum or a negation, so it reads as one quantity (e^{...} already does)."""
    return rf"\left({tex}\right)" if tex.startswith("-") or " + " in tex else tex


def latex_name(name: str) -> str:
    """A wire name as LaTeX: x, w_{0}, \\mathit{sigy}."""
    match = _ELEMENT.match(name) or _SUBSCRIPT.match(name)
    if match:
        base, index = match.groups()
        return f"{_latex_word(base)}_{{{index}}}"
    return _latex_word(name)


def _latex_word(name: str) -> str:
    if len(name) == 1 or not name.isidentifier():
        return name
    return rf"\mathit{{{name}}}"
