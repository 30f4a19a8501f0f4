"""The student's backward lines, checked one by one against the engine's own gradients."""

from __future__ import annotations

import itertools
import math
from typing import NamedTuple

from .backward_reader import read_number
from .errors import Message, ParseError
from .parser import list_elements


class Write(NamedTuple):
    """One number a backward line writes: a whole `dx = …`, or one element of `dx = [a, b]`."""

    line: int
    column: int
    target: str  # `dx`, `dx[0]`
    op: str  # "=" or "+="
    wire: str  # `x`, `x[0]`
    start: int
    end: int
    initial: bool  # an element of a list that later lines add to (`dw = [0.0, 0.0]`, then `dw[0] += …`)


class Branch(NamedTuple):
    """What one consumer of a wire adds to the wire's gradient: local × upstream, and where it comes from."""

    value: float
    gate: int  # the consuming gate; for a gate inside a σ, the σ's output
    local: float
    upstream: float
    other: int | None  # a mul gate's other operand (the mul swaps them)


def close(a: float, b: float) -> bool:
    """Equal up to rounding (the student's formula and the engine's gates round differently)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def short(value: float) -> str:
    """A number as messages show it."""
    return f"{value:.4g}"


def seed_value(graph, vals: list) -> float | None:
    """The upstream gradient a bare `d<output> = …` line sets, or None."""
    program = graph.backward
    if program is None:
        return None
    constants = _forward_numbers(program, vals)
    for write in writes_of(program):
        if write.op == "=" and program.env.get(write.wire) == graph.output:
            return read_number(program.tokens, write.start, write.end, constants, program.lists, {})
        break  # only a first line can set the seed
    return None


def writes_of(program) -> list[Write]:
    """Every number the backward lines write, list lines element by element."""
    tokens, writes = program.tokens, []
    for line in program.lines:
        is_list = line.start < line.end and tokens.texts[line.start] == "["
        size = program.lists.get(line.wire)
        where = (line.line, line.column)
        if size is None and is_list:
            raise ParseError(Message("backward_needs_number", target=line.target, wire=line.wire), *where)
        if size is None:
            if line.wire not in program.env:
                raise ParseError(Message("not_a_list", name=line.wire.split("[")[0]), *where)
            writes.append(Write(*where, line.target, line.op, line.wire, line.start, line.end, False))
            continue
        elements = list_elements(tokens, line.start, line.end) if is_list and line.op == "=" else []
        if len(elements) != size:
            message = Message("backward_needs_list", target=line.target, wire=line.wire, size=size)
            raise ParseError(message, *where)
        for k, (a, b) in enumerate(elements):
            at = (tokens.lines[a], tokens.columns[a])
            writes.append(Write(*at, f"{line.target}[{k}]", "=", f"{line.wire}[{k}]", a, b, False))
    written = {}
    for write in writes:
        written[write.target] = written.get(write.target, 0) + 1
    # A list line whose elements later lines write again only starts them off (`dw = [0.0, 0.0]`).
    seen = set()
    for i, write in enumerate(writes):
        if "[" in write.target and write.target not in seen and written[write.target] > 1:
            writes[i] = write._replace(initial=True)
        seen.add(write.target)
    return writes


def _forward_numbers(program, vals: list) -> dict:
    return {name: float(vals[node]) for name, node in program.env.items()}


def _branches(graph, vals, grads, local_grads) -> dict[int, list[Branch]]:
    """Every wire's consumer branches, in the order the backward pass meets them (last gate first)."""
    branches: dict[int, list[Branch]] = {}
    groups, gates = graph.groups, graph.gates
    for i in range(len(graph.args) - 1, graph.first_gate - 1, -1):
        for port, src in enumerate(graph.args[i]):
            value = local_grads[i][port] * grads[i]
            if groups[i] is not None:
                out = groups[i]
                local, other = (1.0 - vals[out]) * vals[out], None
            else:
                out, local = i, local_grads[i][port]
                other = graph.args[i][1 - port] if gates[i].name == "mul" else None
            branches.setdefault(src, []).append(Branch(value, out, local, grads[out], other))
    return branches


class _Checker:
    """Walks the backward lines in order, keeping each gradient variable's value and unclaimed branches."""

    def __init__(self, graph, vals, grads, local_grads, names):
        self.graph, self.vals, self.grads, self.names = graph, vals, grads, names
        self.program = graph.backward
        self.branches = _branches(graph, vals, grads, local_grads)
        self.numbers = _forward_numbers(self.program, vals)
        self.lists = dict(self.program.lists)
        self.remaining: dict[str, list[Branch]] = {}
        self.claimed: dict[str, list[tuple[Branch, int]]] = {}
        self.built_up: set = set()  # variables written more than once, or with +=
        self.wrong: dict[str, int] = {}  # variables a wrong line wrote -> that line

    def run(self) -> list[dict]:
        writes = writes_of(self.program)
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        self._wire_of = {write.target: write.wire for write in writes}
        for index, write in enumerate(writes):
            counts[write.target] = counts.get(write.target, 0) + 1 + (write.op == "+=")
            last[write.target] = index
        self.built_up = {target for target, count in counts.items() if count > 1}
        first_line = {}
        for write in writes:
            first_line.setdefault(write.target, write.line)
            first_line.setdefault(write.target.split("[")[0], write.line)
        checks = []
        for index, write in enumerate(writes):
            later = {name: line for name, line in first_line.items() if name not in self.numbers}
            value = read_number(self.program.tokens, write.start, write.end, self.numbers, self.lists, later)
            built_up = counts[write.target] > 1
            check = self._check(write, value, built_up, index == last[write.target], index == 0)
            early = self._used_early(write)
            if early is not None:  # the cause of whatever else is wrong with the line
                check.update(ok=False, **_said(*early, expected=check["expected"], got=value))
            elif not check["ok"] and check["code"] == "backward_wrong":
                self._blame_earlier(write, check, later)
            if not check["ok"]:
                self.wrong[write.target] = write.line
            checks.append(check)
            self._store(write, value)
        return checks

    def _store(self, write: Write, value: float) -> None:
        old = self.numbers.get(write.target, 0.0) if write.op == "+=" else 0.0
        self.numbers[write.target] = old + value
        base = write.target.split("[")[0]
        if base != write.target and base not in self.numbers:
            self.numbers[base] = []  # a list: its elements are used one by one
            self.lists[base] = self.program.lists[write.wire.split("[")[0]]

    def _blame_earlier(self, write: Write, check: dict, later: dict) -> None:
        """A line that is right for the wrong numbers it reads says so, and names the line to fix."""
        texts = self.program.tokens.texts
        read = [t for t in texts[write.start : write.end] if t in self.wrong and t != write.target]
        if not read:
            return
        fixed = dict(self.numbers)
        for name in read:
            fixed[name] = float(self.grads[self.program.env[self._wire_of[name]]])
        value = read_number(self.program.tokens, write.start, write.end, fixed, self.lists, later)
        if close(value, check["expected"]):
            params = {"wire": write.wire, "name": read[0], "line": self.wrong[read[0]]}
            check.update(_said("backward_from_wrong", params, check["expected"], check["got"]))

    def _used_early(self, write: Write) -> tuple | None:
        """The notes' += warning: a gradient read before all of its branches are added."""
        texts = self.program.tokens.texts
        for i in range(write.start, write.end):
            for key in (texts[i], f"{texts[i]}[{texts[i + 2]}]" if texts[i + 1] == "[" else None):
                if key in self.built_up and self.remaining.get(key) and key in self.numbers:
                    through = self.names[self.remaining[key][0].gate]
                    return "backward_used_early", {"name": key, "through": through}
        return None

    def _check(self, write: Write, got: float, built_up: bool, is_last: bool, is_first: bool) -> dict:
        node = self.program.env[write.wire]
        remaining = self.remaining.setdefault(write.target, list(self.branches.get(node, [])))
        base = {"line": write.line, "column": write.column, "target": write.target, "wire": write.wire}
        wire = write.wire
        if is_first and node == self.graph.output and write.op == "=":
            message = _said("backward_seed", {"wire": wire}, expected=got, got=got)
            return {**base, "kind": "seed", "got": got, "expected": got, "ok": True, **message}
        total = self.grads[node]
        if not built_up:
            ok = close(got, total)
            code, params = ("backward_right", {}) if ok else self._diagnose(got, remaining, total, wire, True)
            return self._result(base, "full", got, total, ok, code, {"wire": wire, **params})
        if write.initial and got == 0.0:
            return self._result(base, "part", got, 0.0, True, "backward_start_zero", {"target": write.target})
        matched = _matching_branches(got, remaining)
        overwritten = self.claimed.get(write.target) if write.op == "=" else None
        for branch in matched:
            remaining.remove(branch)
        if write.op == "=":
            self.claimed[write.target] = []
        self.claimed[write.target] += [(branch, write.line) for branch in matched]
        match = matched[0] if matched else None
        if overwritten:
            branch, line = overwritten[-1]
            params = {"wire": wire, "target": write.target, "through": self.names[branch.gate], "line": line}
            expected = self.numbers.get(write.target, 0.0) + got
            return self._result(base, "part", got, expected, False, "backward_overwrites", params)
        if match is None:
            expected = remaining[0].value if remaining else 0.0
            code, params = self._diagnose(got, remaining, expected, wire, False)
            return self._result(base, "part", got, expected, False, code, {"wire": wire, **params})
        through = " + ".join(self.names[b.gate] for b in matched)
        so_far = self.numbers.get(write.target, 0.0) if write.op == "+=" else 0.0
        if is_last and not close(so_far + got, total) and write.target not in self.wrong:
            missing = ", ".join(self.names[b.gate] for b in remaining) or "?"
            params = {"wire": wire, "through": missing}
            return self._result(base, "full", so_far + got, total, False, "backward_sum_missing", params)
        return self._result(
            base, "part", got, match.value, True, "backward_part_right", {"wire": wire, "through": through}
        )

    def _diagnose(self, got: float, branches: list, expected: float, wire: str, whole: bool) -> tuple:
        """The pattern a wrong number most likely comes from, as (code, params)."""
        node = self.program.env[wire]
        for branch in branches:
            out = self.names[branch.gate]
            params = {"out": out, "local": short(branch.local)}
            gate = self.graph.gates[branch.gate]
            swapped = branch.other is not None and close(got, self.vals[node] * branch.upstream)
            if swapped and not close(self.vals[node], self.vals[branch.other]):
                return "hint_mul_swap", {**params, "other": self.names[branch.other]}
            if close(got, branch.upstream) and not close(branch.local, 1.0):
                sigmoid = self.graph.groups[branch.gate] is not None or gate.name == "sigmoid"
                return ("hint_sigmoid_local" if sigmoid else "hint_local_missing"), params
            if close(got, branch.local) and not close(branch.upstream, 1.0):
                return "hint_upstream_missing", params
            if whole and len(branches) > 1 and close(got, branch.value):
                return "backward_one_branch", {"through": out, "count": len(branches)}
        if not whole and branches:
            return "backward_no_branch", {"through": self.names[branches[0].gate]}
        return "backward_wrong", {}

    @staticmethod
    def _result(
        base: dict, kind: str, got: float, expected: float, ok: bool, code: str, params: dict
    ) -> dict:
        return {
            **base,
            "kind": kind,
            "got": got,
            "expected": expected,
            "ok": ok,
            **_said(code, params, expected, got),
        }


def _matching_branches(got: float, remaining: list) -> list:
    """The fewest remaining branches that add up to `got` (`dq = 2 * q` takes both wires of q * q), or []."""
    for size in range(1, min(len(remaining), 4) + 1):
        for combination in itertools.combinations(remaining, size):
            if close(got, math.fsum(b.value for b in combination)):
                return list(combination)
    return []


def _said(code: str, params: dict, expected: float, got: float) -> dict:
    message = Message(code, **params, expected=short(expected), got=short(got))
    return {"message": str(message), "code": code, "params": message.params}


def check_backward(graph, vals: list, grads: list, local_grads: list, names: list) -> list[dict]:
    """One check per number the backward lines write (see docs/contract.md); [] without backward lines."""
    if graph.backward is None:
        return []
    return _Checker(graph, vals, grads, local_grads, names).run()
