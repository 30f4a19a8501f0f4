"""The page state table: every key validated on its own; a bad value falls back to its default."""

import pytest
from circuitgrad.app.urlstate import (
    DEFAULT_EXPR,
    DEFAULT_VALUES,
    negotiate_language,
    parse_state,
    parse_values,
)


def test_no_parameters_give_the_notes_first_circuit_and_every_default():
    assert parse_state({}) == {
        "expr": DEFAULT_EXPR,
        "v": DEFAULT_VALUES,
        "step": "end",
        "sig": False,
        "seed": 0,
        "prec": 2,
        "sel": None,
        "lang": "en",
        "proj": False,
        "theme": "light",
        "pal": "notes",
        "quiz": None,
        "hide": [],
        "thick": False,
        "grp": "auto",
    }


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("step", "7", 7),
        ("step", "9999999", 9999999),
        ("prec", "008", 8),
        ("step", "end", "end"),
        ("sig", "1", True),
        ("seed", "42", 42),
        ("seed", "4294967295", 4294967295),
        ("prec", "4", 4),
        ("sel", "w0", "w0"),
        ("lang", "zh-CN", "zh-CN"),
        ("proj", "1", True),
        ("theme", "dark", "dark"),
        ("pal", "cb", "cb"),
        ("quiz", "wires", "wires"),
        ("hide", "editor,chart", ["editor", "chart"]),
        ("grp", "all", "all"),
        ("grp", "none", "none"),
        ("grp", "12,40", "12,40"),
        ("grp", "h1,out,~2", "h1,out,~2"),
        ("grp", "θ,12", "θ,12"),
        ("grp", "𝐡1", "h1"),
    ],
)
def test_good_values_are_kept(key, raw, expected):
    assert parse_state({key: raw})[key] == expected


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("expr", ""),
        ("expr", "   "),
        ("step", "-1"),
        ("step", "1.5"),
        ("step", "9" * 8),
        ("sig", "yes"),
        ("seed", "-1"),
        ("seed", "4294967296"),
        ("seed", "1e3"),
        ("prec", "99"),
        ("prec", "-1"),
        ("sel", "1x"),
        ("sel", "<script>"),
        ("lang", "fr"),
        ("proj", "2"),
        ("theme", '"><img onerror=alert(1)>'),
        ("pal", "rainbow"),
        ("grp", "some groups"),
        ("grp", "12,,40"),
        ("grp", "12,40\n"),
        ("grp", "1" * 7),
        ("grp", "h1,<b>"),
        ("grp", "~"),
        ("grp", "~-1"),
        ("grp", "1x"),
        ("grp", "h" * 65),
        ("grp", ",".join(["h1"] * 501)),
        ("grp", "٣"),
        ("quiz", "everything"),
    ],
)
def test_bad_values_fall_back_to_defaults(key, raw):
    assert parse_state({key: raw})[key] == parse_state({})[key]


def test_unknown_hide_parts_are_dropped_and_repeats_kept_once():
    assert parse_state({"hide": "code,<b>,editor,code,"})["hide"] == ["code", "editor"]


def test_values_keep_the_good_pairs_and_drop_the_rest():
    assert parse_values("x:-2,y:abc,<s>:1,z:1e999,w:nan,q:0.5,broken,u:1_0,t:inf") == {"x": -2.0, "q": 0.5}


def test_another_program_without_values_gets_no_default_values():
    assert parse_state({"expr": "a*b"})["v"] == {}


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "en"),
        ("zh-CN,zh;q=0.9", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr, zh;q=0.5", "zh-CN"),
        ("de", "en"),
        ("zh;q=oops, en;q=0.1", "en"),
    ],
)
def test_accept_language_picks_the_preferred_supported_language(header, lang):
    assert negotiate_language(header) == lang


def test_the_link_language_wins_over_the_browser():
    assert parse_state({"lang": "en"}, "zh-CN")["lang"] == "en"
