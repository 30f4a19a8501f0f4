"""Staged Python forward and backward code in the notes' style (`dnum = invden`, `dx += ...`)."""

from __future__ import annotations

import numpy as np

from . import array_code
from .gates import REGISTRY, number_text
from .graph import CONST, INPUT
from .names import gradient_names

_SIGMOID = REGISTRY["sigmoid"]


def code_plan(graph, names: list, backward_plan: list) -> tuple:
    """The values-independent code: (input line specs, gate lines, backward lines)."""
    grad_names = gradient_names(graph, names)
    inputs, gate_lines = _forward_lines(graph, names)
    seeded = seed_lines(graph, names, grad_names)
    backward = list_preamble(graph) + seeded
    arrays = graph.shapes is not None
    out = graph.output
    started = set()
    members_entry = _group_entries(graph)
    first_backward_step = len(graph.args) - graph.first_gate + 1
    for k, (_static, i, port, src, _other) in enumerate(backward_plan):
        if graph.kinds[src] == CONST:
            continue
        group = graph.groups[i]
        if group is not None:
            if members_entry.get(group) != i:
                continue
            owner, local = group, f"(1 - {names[group]}) * {names[group]}"
        else:
            owner, local = i, _local_text(graph, i, port, names)
        target = grad_names[src]
        op = "+=" if target in started else "="
        started.add(target)
        if arrays and group is None and graph.gates[i].code_backward:
            fields = array_code.array_fields(graph, i, _fields(graph, i, names))
            fields["up"] = grad_names[owner]
            text = f"{target} {op} {array_code.backward_text(graph, i, port, fields)}"
        elif arrays:
            text = f"{target} {op} ({local}) * {grad_names[owner]}"
        elif owner == out and not seeded:
            text = f"{target} {op} {local}"
        else:
            text = f"{target} {op} ({local}) * {grad_names[owner]}"
        backward.append((text, owner, first_backward_step + k))
    return inputs, gate_lines, backward


def build_code(plan: tuple, vals: list) -> dict:
    """{"forward": [{"text", "node"}], "backward": [{"text", "node", "step"}]} at these values."""
    inputs, gate_lines, backward = plan
    forward = []
    for name, ids, is_list in inputs:
        if type(vals[ids[0]]) is np.ndarray:
            text = array_code.input_text(name, vals[ids[0]], is_list or None)
        elif not is_list:
            text = f"{name} = {number_text(vals[ids[0]])}"
        else:
            text = f"{name} = [{', '.join(number_text(vals[i]) for i in ids)}]"
        forward.append({"text": text, "node": ids[0]})
    forward += [{"text": text, "node": node} for text, node in gate_lines]
    return {
        "forward": forward,
        "backward": [{"text": text, "node": node, "step": step} for text, node, step in backward],
    }


def _forward_lines(graph, names) -> tuple[list, list]:
    inputs = input_specs(graph, names)
    lines = []
    groups = graph.groups
    for i in range(graph.first_gate, len(graph.args)):
        group = groups[i]
        if group is not None and group != i:
            continue
        if group is not None:
            expr = _SIGMOID.code % {"a": names[_group_input(graph, i)]}
        elif graph.shapes is not None:
            template = array_code.forward_template(graph.gates[i])
            expr = template % array_code.array_fields(graph, i, _fields(graph, i, names))
        else:
            expr = graph.gates[i].code % _fields(graph, i, names)
        lines.append((f"{names[i]} = {expr}", i))
    return inputs, lines


def input_specs(graph, names) -> list[tuple[str, list[int], bool | str]]:
    """(name, node ids, is a list or an array's text) of each input line; `w[0]`, `w[1]` make one list."""
    inputs: list[tuple[str, list[int], bool | str]] = []
    lists: dict[str, list[int]] = {}
    for i in graph.input_ids:
        name = names[i]
        if "[" in name:
            base = name.split("[", 1)[0]
            if base not in lists:
                lists[base] = []
                inputs.append((base, lists[base], True))
            lists[base].append(i)
        elif graph.shapes is not None and graph.shapes[i]:
            inputs.append((name, [i], graph.param_texts[i] or ""))  # an array: how the program made it
        else:
            inputs.append((name, [i], False))
    return inputs


def list_preamble(graph) -> list[tuple]:
    """The backward code's first lines: a list of zeros for each list of inputs (`dw = [0.0, 0.0]`)."""
    sizes: dict[str, list[int]] = {}
    for i in graph.input_ids:
        name = graph.names[i]
        if "[" in name:
            sizes.setdefault(name.split("[", 1)[0], []).append(i)
    return [(f"d{base} = [{', '.join('0.0' for _ in ids)}]", ids[0], None) for base, ids in sizes.items()]


def seed_lines(graph, names: list, grad_names: list) -> list[tuple]:
    """The line that sets the output's upstream gradient, when it is not the number 1, else nothing.

    An array output starts from ones of its shape; a program's own `d<output> = …` line is the seed (then
    every line of the output's gate multiplies by it, as the notes' `dW = dD.dot(X.T)` does).
    """
    out = graph.output
    own = _own_seed(graph, grad_names[out])
    if graph.shapes is None and own is None:
        return []
    seed = array_code.seed_line(grad_names[out], names[out], graph.shape(out), own)
    return [(seed, out, len(graph.args) - graph.first_gate)]


def _fields(graph, i: int, names: list) -> dict:
    a = graph.args[i]
    fields = {"a": names[a[0]], "out": names[i], "c": graph.param_texts[i]}
    if len(a) == 2:
        fields["b"] = names[a[1]]
    return fields


def _local_text(graph, i: int, port: int, names: list) -> str:
    gate = graph.gates[i]
    if gate.name == "pow_const" and graph.params[i] == 2.0:
        return f"2 * {names[graph.args[i][0]]}"
    if graph.shapes is not None:
        return array_code.local_template(gate, port) % _fields(graph, i, names)
    return gate.code_local[port] % _fields(graph, i, names)


def _group_input(graph, out: int) -> int:
    """The wire entering a σ group whose last gate is `out`."""
    node = out
    while graph.groups[node] == out and graph.kinds[node] not in (INPUT, CONST):
        node = graph.args[node][0]
    return node


def _group_entries(graph) -> dict[int, int]:
    """For each σ group, its first gate (whose input wire carries the σ's backward line)."""
    entries: dict[int, int] = {}
    for i in range(len(graph.groups) - 1, graph.first_gate - 1, -1):
        group = graph.groups[i]
        if group is not None:
            entries[group] = i
    return entries


def _own_seed(graph, grad_name: str) -> str | None:
    """`d<output> = …` with the program's own right side when its first backward line sets the seed.

    The generated code's name for the gradient is used (`dfdf = 3` becomes `df = 3`), so the lines after it
    can multiply by it.
    """
    program = graph.backward
    if program is None or not program.lines:
        return None
    first = program.lines[0]
    if first.op != "=" or program.env.get(first.wire) != graph.output:
        return None
    tokens, last = program.tokens, first.end - 1
    if tokens.lines[first.start] != tokens.lines[last]:
        return f"{grad_name} = {' '.join(tokens.texts[first.start : first.end])}"
    line = graph.source.split("\n")[tokens.lines[first.start] - 1]
    end = tokens.ends.get(last, tokens.columns[last] + len(tokens.texts[last]))
    return f"{grad_name} = {line[tokens.columns[first.start] - 1 : end - 1]}"
