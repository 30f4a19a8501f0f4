"""Groups a drawing may collapse into one gate: n-ary sums, dot products and neurons (the notes' modularity).

A group is a sub-computation whose wires inside are used nowhere else, so it can be shown as one gate with
its own local gradients: `a + b + c + d` (a sum of three or more terms), a named assignment that is a sum
of two or more products (`dot = w0*x0 + w1*x1 + b`), and tanh / σ / relu of a weighted sum (a neuron).
Groups never overlap: a neuron takes in its weighted sum. σ groups (an expanded σ) are left as they are.
"""

from __future__ import annotations

from typing import NamedTuple

from .graph import GATE
from .trace import out_degrees

SUM, DOT, NEURON = "sum", "dot", "neuron"
ADDS = frozenset({"add", "add_const"})
ACTIVATIONS = frozenset({"tanh", "sigmoid", "relu"})
PRODUCTS = frozenset({"mul", "scale"})  # w*x, and w*2 (a weight times a number folded into its gate)


class Group(NamedTuple):
    """One collapsible group: its output node, kind, member gates (tape order) and the wires entering it."""

    node: int
    kind: str
    members: tuple[int, ...]
    inputs: tuple[int, ...]  # each source once, in the order the group's formula reads them


def find_groups(graph) -> tuple[Group, ...]:
    """Every collapsible group of a circuit of numbers, outermost first; () for an array program."""
    if graph.shapes is not None:
        return ()
    finder = _Finder(graph)
    found = []
    for node in range(len(graph.kinds) - 1, graph.first_gate - 1, -1):
        group = finder.group_at(node)
        if group is not None:
            finder.claimed.update(group.members)
            found.append(group)
    return tuple(found)


class _Finder:
    def __init__(self, graph) -> None:
        self.graph = graph
        self.degree = out_degrees(graph)
        self.claimed: set[int] = set()

    def gate_name(self, node: int) -> str | None:
        gate = self.graph.gates[node]
        return None if gate is None else gate.name

    def free(self, node: int) -> bool:
        """A gate no other group holds and no σ group owns."""
        graph = self.graph
        return graph.kinds[node] == GATE and node not in self.claimed and graph.groups[node] is None

    def inner(self, node: int, name: str | frozenset) -> bool:
        """A free, unnamed gate of kind `name` whose output is used once: a wire private to its group."""
        names = {name} if isinstance(name, str) else name
        return (
            self.free(node)
            and self.gate_name(node) in names
            and self.degree[node] == 1
            and self.graph.names[node] is None
        )

    def sum_tree(self, root: int) -> tuple[list[int], list[int]]:
        """The add gates under `root` that only feed this sum, and its terms from left to right."""
        members, terms = [], []
        stack = [root]  # a loop, not recursion: a long sum is a deep tree
        while stack:
            item = stack.pop()
            if item < 0:  # a term, kept in its place among the sum's operands
                terms.append(~item)
                continue
            members.append(item)
            for source in reversed(self.graph.args[item]):
                stack.append(source if self.inner(source, ADDS) else ~source)
        return members, terms

    def weighted(self, root: int) -> tuple[list[int], list[int], int] | None:
        """A sum's members and inputs with its private products taken in, and how many products there are."""
        members, terms = self.sum_tree(root)
        inputs, products = [], 0
        for term in terms:
            if self.inner(term, PRODUCTS):
                members.append(term)
                inputs.extend(self.graph.args[term])
                products += 1
            else:
                inputs.append(term)
        return members, inputs, products

    def group_at(self, node: int) -> Group | None:
        if not self.free(node):
            return None
        name = self.gate_name(node)
        if name in ACTIVATIONS:
            operand = self.graph.args[node][0]
            inside = self.free(operand) and self.gate_name(operand) in ADDS and self.degree[operand] == 1
            if inside and (found := self.weighted(operand)) and found[2] >= 1 and len(found[1]) >= 2:
                return _group(node, NEURON, [node, *found[0]], found[1])
            return None
        if name not in ADDS:
            return None
        members, inputs, products = self.weighted(node)
        if self.graph.names[node] is not None and products >= 2:
            return _group(node, DOT, members, inputs)
        sum_members, terms = self.sum_tree(node)
        if len(terms) >= 3:
            return _group(node, SUM, sum_members, terms)
        return None


def _group(node: int, kind: str, members: list[int], inputs: list[int]) -> Group:
    return Group(node, kind, tuple(sorted(members)), tuple(dict.fromkeys(inputs)))


def group_label(graph, group: Group) -> str:
    """The symbol drawn in a collapsed group's circle."""
    if group.kind == SUM:
        return "+"
    if group.kind == DOT:
        return "w·x"
    return f"{graph.label(group.node)}(w·x)"


def group_locals(graph, group: Group, local_grads: list) -> list:
    """d output / d input for each of the group's inputs: the chain rule run inside the group alone."""
    within = {group.node: 1.0}
    for member in reversed(group.members):
        upstream = within.get(member, 0.0)
        for port, source in enumerate(graph.args[member]):
            within[source] = within.get(source, 0.0) + local_grads[member][port] * upstream
    return [within[source] for source in group.inputs]


def collapsible(result) -> list[dict]:
    """The answer's `collapsible` list: each group with its label, members, inputs and local gradients."""
    graph = result.graph
    return [
        {
            "node": group.node,
            "kind": group.kind,
            "label": group_label(graph, group),
            "members": list(group.members),
            "inputs": list(group.inputs),
            "local": group_locals(graph, group, result.local_grads),
        }
        for group in find_groups(graph)
    ]
