"""Hypothesis strategies for circuitgrad programs: valid ones from the grammar, mutated ones, raw text."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from hypothesis import strategies as st

UNARY_FUNCTIONS = ("exp", "log", "sigmoid", "tanh", "relu", "sqrt", "abs", "sin", "cos")
BINARY_FUNCTIONS = ("max", "min")
PREFIXES = ("", "", "", "math.", "np.")
BINARY_OPERATORS = ("+", "-", "*", "/", "**", "^")
INPUT_NAMES = ("x", "y", "z", "w", "w0", "x1", "b")
STAGE_NAMES = ("q", "num", "den", "sigx", "xpy", "dot", "f", "h1", "out")

# Text that a parser has to survive: every character the language uses, plus the usual suspects.
PROGRAM_CHARACTERS = "xyzqw0123456789.eE+-*/^()=,;#_ \t\n"
NASTY_FRAGMENTS = (
    "(",
    ")",
    "**",
    "^",
    "=",
    ";",
    "\n",
    "#",
    ",",
    ".",
    "1e308",
    "1e-320",
    "0",
    "-",
    "math.",
    "np.",
    "exp(",
    "log(",
    "max(",
    "import os",
    "lambda x: x",
    "__import__('os')",
    "'s'",
    '"s"',
    "[1, 2]",
    "{}",
    "x if y else z",
    "[i for i in x]",
    "x.__class__",
    "@",
    "\\",
    "\x00",
    "\u202e",
    "\u00a0",
    "\ufeff",
    "х",  # Cyrillic letter that looks like x
    "𝑥",
    "nan",
    "inf",
    "True",
    "None",
    "...",
    "await x",
    "yield",
    ":=",
    "del x",
    "  ",
    "\r",
)


@dataclass
class Program:
    """A generated program with the input values it was written for."""

    source: str
    values: dict[str, float] = field(default_factory=dict)
    smooth: bool = True  # no max/min/relu/abs, so central differences are meaningful everywhere

    def __repr__(self) -> str:
        return f"Program(source={self.source!r}, values={self.values!r})"


def numbers(min_value: float = -4.0, max_value: float = 4.0) -> st.SearchStrategy[str]:
    """Number literals as a student types them: `2`, `2.5`, `1e-3`, `0.25`."""
    integers = st.integers(0, 9).map(str)
    decimals = st.floats(0.0, max_value, allow_nan=False).map(lambda v: f"{v:.2f}")
    scientific = st.sampled_from(["1e-3", "2.5e0", "1E1", "5e-1"])
    return st.one_of(integers, decimals, scientific)


def _call(name: str, args: list[str], prefix: str) -> str:
    return f"{prefix}{name}({', '.join(args)})"


SLOT = re.compile(r"\{(\d)\}")


@functools.cache
def expression_templates(max_leaves: int = 12, smooth: bool = False) -> st.SearchStrategy[str]:
    """Expressions over numbered slots `{0}`, `{1}`, … (built once: recursive strategies cost to make)."""
    leaves = st.one_of(st.integers(0, 9).map(lambda i: f"{{{i}}}"), numbers())
    functions = UNARY_FUNCTIONS if not smooth else ("exp", "tanh", "sigmoid", "sin", "cos")
    binary_functions = () if smooth else BINARY_FUNCTIONS

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(children, st.sampled_from(BINARY_OPERATORS[:4]), children).map(
            lambda t: f"{t[0]} {t[1]} {t[2]}"
        )
        grouped = children.map(lambda e: f"({e})")
        negated = children.map(lambda e: f"-{e}" if not e.startswith("-") else f"-({e})")
        exponents = st.sampled_from(["2", "3", "0.5"])
        if not smooth:
            exponents = st.one_of(exponents, children)
        power = st.tuples(children, st.sampled_from(["**", "^"]), exponents).map(
            lambda t: f"({t[0]}){t[1]}{t[2]}"
        )
        unary = st.tuples(st.sampled_from(functions), children, st.sampled_from(PREFIXES)).map(
            lambda t: _call(t[0], [t[1]], t[2])
        )
        options = [binary, grouped, negated, power, unary]
        if binary_functions:
            options.append(
                st.tuples(
                    st.sampled_from(binary_functions), children, children, st.sampled_from(PREFIXES)
                ).map(lambda t: _call(t[0], [t[1], t[2]], t[3]))
            )
        return st.one_of(options)

    return st.recursive(leaves, extend, max_leaves=max_leaves)


def fill_slots(template: str, names) -> str:
    """Put real names into a template's slots, cycling through `names`."""
    return SLOT.sub(lambda m: names[int(m.group(1)) % len(names)], template)


@st.composite
def expressions(draw, names=INPUT_NAMES[:3], max_leaves: int = 12, smooth: bool = False) -> str:
    """One expression of the grammar over `names`, built bottom-up so parentheses always balance."""
    return fill_slots(draw(expression_templates(max_leaves, smooth)), list(names))


# Strategies drawn inside composites are made once: making one per draw dominates generation time.
INPUT_VALUE = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 3))
LITERAL = st.floats(-3.0, 3.0, allow_nan=False).map(lambda v: f"{v:.2f}")
INPUT_NAME_LISTS = st.lists(st.sampled_from(INPUT_NAMES), min_size=1, max_size=3, unique=True)
STAGE_NAME_LISTS = st.lists(st.sampled_from(STAGE_NAMES), min_size=1, max_size=4, unique=True)
SEPARATORS = st.sampled_from(["\n", "\n", "; ", "\n\n"])
COMMENTS = st.sampled_from(["", "", "  # 分子", " # stage"])
POSITIONS = st.integers(0, 10_000)
EDITS = st.sampled_from(["delete", "duplicate", "insert", "fragment", "swap", "truncate"])
EDIT_COUNTS = st.integers(1, 4)
CHARACTERS = st.sampled_from(PROGRAM_CHARACTERS)
FRAGMENTS = st.sampled_from(NASTY_FRAGMENTS)


@st.composite
def bare_expressions(draw, smooth: bool = False) -> Program:
    """A single expression whose free names are inputs, with values for all of them."""
    names = draw(INPUT_NAME_LISTS)
    source = fill_slots(draw(expression_templates(12, smooth)), names)
    used = [n for n in names if _mentions(source, n)]
    return Program(source, {name: draw(INPUT_VALUE) for name in used}, smooth=smooth)


@st.composite
def staged_programs(draw, smooth: bool = False) -> Program:
    """A staged program like the notes': literal inputs, named intermediates, an output."""
    inputs = draw(INPUT_NAME_LISTS)
    separator = draw(SEPARATORS)
    lines = [f"{name} = {draw(LITERAL)}" for name in inputs]
    known = list(inputs)
    for stage in draw(STAGE_NAME_LISTS):
        expr = fill_slots(draw(expression_templates(6, smooth)), known)
        lines.append(f"{stage} = {expr}{draw(COMMENTS)}")
        known.append(stage)
    if draw(st.booleans()):
        lines.append(fill_slots(draw(expression_templates(4, smooth)), known))
    overridden = [name for name in inputs if draw(st.booleans())]
    values = {name: draw(INPUT_VALUE) for name in overridden}
    return Program(separator.join(lines), values, smooth=smooth)


@functools.cache
def valid_programs(smooth: bool = False) -> st.SearchStrategy[Program]:
    """Programs the grammar accepts (evaluation may still fail on a domain problem)."""
    return st.one_of(bare_expressions(smooth=smooth), staged_programs(smooth=smooth))


@st.composite
def mutated_programs(draw) -> Program:
    """A valid program with a few edits: characters dropped, doubled, swapped or hostile text spliced in."""
    program = draw(valid_programs())
    text = program.source
    for _ in range(draw(EDIT_COUNTS)):
        position = draw(POSITIONS) % (len(text) + 1)
        action = draw(EDITS)
        if action == "delete" and text:
            text = text[: max(position - 1, 0)] + text[position:]
        elif action == "duplicate":
            text = text[:position] + text[position - 1 : position] + text[position:]
        elif action == "insert":
            text = text[:position] + draw(CHARACTERS) + text[position:]
        elif action == "fragment":
            text = text[:position] + draw(FRAGMENTS) + text[position:]
        elif action == "swap" and position + 1 < len(text):
            text = text[:position] + text[position + 1] + text[position] + text[position + 2 :]
        elif action == "truncate":
            text = text[:position]
    return Program(text, program.values)


# Half an emoji: what a browser's JSON.stringify sends for a string cut inside a surrogate pair.
LONE_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=[])


def random_text() -> st.SearchStrategy[str]:
    """Raw text: mostly the language's own characters, sometimes any code point (lone surrogates too)."""
    biased = st.text(alphabet=st.sampled_from(PROGRAM_CHARACTERS), max_size=60)
    pieces = st.one_of(st.sampled_from(NASTY_FRAGMENTS + tuple(PROGRAM_CHARACTERS)), LONE_SURROGATES)
    spliced = st.lists(pieces, max_size=20).map("".join)
    anything = st.text(alphabet=st.characters(exclude_categories=[]), max_size=60)
    return st.one_of(biased, spliced, anything)


def random_programs() -> st.SearchStrategy[Program]:
    """Raw text as a program, with arbitrary (sometimes unrelated) values."""
    values = st.dictionaries(st.sampled_from(INPUT_NAMES), st.floats(-1e3, 1e3, allow_nan=False), max_size=3)
    return st.builds(Program, random_text(), values)


def any_programs() -> st.SearchStrategy[Program]:
    """Valid, mutated and random programs in one stream."""
    return st.one_of(valid_programs(), mutated_programs(), random_programs())


def json_values() -> st.SearchStrategy[object]:
    """The `values` field of a request as a hostile client may send it."""
    scalars = st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(-(10**30), 10**30),
        st.booleans(),
        st.none(),
        st.text(max_size=10),
    )
    return st.one_of(
        st.dictionaries(st.sampled_from(INPUT_NAMES), st.floats(-10, 10, allow_nan=False), max_size=3),
        st.dictionaries(st.text(st.characters(exclude_categories=[]), max_size=8), scalars, max_size=4),
        st.lists(scalars, max_size=3),
        scalars,
    )


def _mentions(source: str, name: str) -> bool:
    """True when `name` occurs in `source` as a whole identifier."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", source) is not None
