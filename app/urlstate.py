"""The page's state in the query string: each key validated on its own; a bad value means its default."""

import math
import re
from collections.abc import Callable, Mapping

from ..engine import Limits
from .request_models import MAX_SEED, is_input_name, normal_name
from .templating import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_EXPR = "(x+y)*z"
DEFAULT_VALUES = {"x": -2.0, "y": 5.0, "z": -4.0}  # the notes' numbers for the default circuit
MAX_EXPR_CHARS = Limits().max_source_chars  # the engine's limit: a longer link could never evaluate
MAX_PRECISION = 8
DEFAULT_PRECISION = 2
HIDEABLE = (
    *("editor", "code", "narration", "controls", "inputs", "chart"),
    *("sigma", "export", "legend", "nudge", "view"),
)
_STEP = re.compile(r"^\d{1,7}$")
_PRECISION = re.compile(r"^\d{1,3}$")
_NUMBER = re.compile(r"^[-+0-9.eE]+$")
# Which groups are drawn as one gate: a word, or a list of output names, `~n` (the n-th group without a
# name) and old links' node ids; static/js/state.js reads it alike (GROUP_WORDS, MAX_GROUPS_LISTED).
GROUP_WORDS = ("auto", "all", "none")
MAX_GROUPS_LISTED = 500
_GROUP_NUMBER = re.compile(r"[0-9]{1,6}|~[0-9]{1,4}")
_SEED = re.compile(r"^\d{1,10}$")


def parse_values(text: str) -> dict[str, float]:
    """`x:-2,y:5` → {"x": -2.0, "y": 5.0}; malformed pairs, bad names and non-finite numbers are dropped."""
    values: dict[str, float] = {}
    for pair in text.split(",")[:200]:
        name, sep, number = pair.partition(":")
        name = name.strip()
        if not sep or not is_input_name(name):
            continue
        number = number.strip()
        if not _NUMBER.match(number):  # the browser's state.js accepts exactly these characters too
            continue
        try:
            value = float(number)
        except ValueError:
            continue
        if math.isfinite(value):
            values[normal_name(name)] = value  # `x₁` and `x1` are one input, as in the engine
    return values


def format_values(values: Mapping[str, float]) -> str:
    return ",".join(f"{name}:{value:g}" for name, value in values.items())


def _choice(*allowed: str) -> Callable[[str], str | None]:
    return lambda raw: raw if raw in allowed else None


def _flag(raw: str) -> bool | None:
    return {"1": True, "0": False}.get(raw)


def _step(raw: str) -> int | str | None:
    if raw == "end":
        return "end"
    return int(raw) if _STEP.match(raw) else None


def _precision(raw: str) -> int | None:
    return int(raw) if _PRECISION.match(raw) and int(raw) <= MAX_PRECISION else None


def _seed(raw: str) -> int | None:
    return int(raw) if _SEED.match(raw) and int(raw) <= MAX_SEED else None


def _name(raw: str) -> str | None:
    return normal_name(raw) if is_input_name(raw) else None


def _hide(raw: str) -> list[str] | None:
    return list(dict.fromkeys(part for part in raw.split(",") if part in HIDEABLE))


def _group_entry(raw: str) -> str | None:
    return raw if _GROUP_NUMBER.fullmatch(raw) else _name(raw)


def _groups(raw: str) -> str | None:
    if raw in GROUP_WORDS:
        return raw
    entries = raw.split(",", MAX_GROUPS_LISTED)
    if len(entries) > MAX_GROUPS_LISTED:
        return None
    read = [_group_entry(entry) for entry in entries]
    return None if None in read else ",".join(read)


def _expr(raw: str) -> str | None:
    return raw if len(raw) <= MAX_EXPR_CHARS and raw.strip() else None


# key: (parser returning None for a bad value, default) — the table in docs/contract.md. static/js/state.js
# holds the browser's copy; tests/test_state_table.py checks the two agree (keys, defaults, limits).
STATE_TABLE: dict[str, tuple[Callable[[str], object], object]] = {
    "expr": (_expr, DEFAULT_EXPR),
    "v": (parse_values, None),
    "step": (_step, "end"),
    "sig": (_flag, False),
    "seed": (_seed, 0),
    "prec": (_precision, DEFAULT_PRECISION),
    "sel": (_name, None),
    "lang": (_choice(*LANGUAGES), None),
    "proj": (_flag, False),
    "theme": (_choice("light", "dark"), "light"),
    "pal": (_choice("notes", "cb"), "notes"),
    "quiz": (_choice("wires", "inputs", "values"), None),
    "hide": (_hide, []),
    "thick": (_flag, False),
    "grp": (_groups, "auto"),
}


def negotiate_language(accept_language: str | None) -> str:
    """The supported language the browser prefers most (Accept-Language q-values), else English."""
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for part in (accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        try:
            q = float(params.strip()[2:]) if params.strip().startswith("q=") else 1.0
        except ValueError:
            continue
        tag = tag.strip().lower()
        lang = "zh-CN" if tag.startswith("zh") else "en" if tag.startswith("en") else None
        if lang and q > best_q:
            best, best_q = lang, q
    return best


def parse_state(query: Mapping[str, str], accept_language: str | None = None) -> dict:
    """The validated page state for a query string (the first value of each key)."""
    state: dict[str, object] = {}
    for key, (parse, default) in STATE_TABLE.items():
        raw = query.get(key)
        value = parse(raw) if raw is not None else None
        state[key] = default if value is None else value
    if state["v"] is None:
        state["v"] = dict(DEFAULT_VALUES) if state["expr"] == DEFAULT_EXPR else {}
    if state["lang"] is None:
        state["lang"] = negotiate_language(accept_language)
    return state
