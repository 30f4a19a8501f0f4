"""The tokenizer: positions, statement breaks, and characters the language does not have."""

from __future__ import annotations

import pytest
from circuitgrad.engine import LimitError, ParseError
from circuitgrad.engine.lexer import NAME, NUM, OP, SEP, Token, tokenize


def kinds_and_texts(source: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(source, 100)]


def test_tokens_carry_one_based_line_and_columns():
    assert list(tokenize("x = 3\n  y", 100)) == [
        (NAME, "x", 1, 1, 2),
        (OP, "=", 1, 3, 4),
        (NUM, "3", 1, 5, 6),
        (SEP, "\n", 1, 6, 7),
        (NAME, "y", 2, 3, 4),
        (SEP, "", 2, 4, 4),
    ]


def test_comments_and_blanks_vanish_but_count_for_columns():
    assert tokenize("a # note\nb", 100)[2] == Token(NAME, "b", line=2, column=1, end_column=2)


def test_semicolons_split_statements_and_newlines_inside_brackets_do_not():
    assert [k for k, _ in kinds_and_texts("(a\n+ b); c")] == [OP, NAME, OP, NAME, OP, SEP, NAME, SEP]


def test_backslash_continues_a_line():
    assert [t for _, t in kinds_and_texts("a + \\\n b")] == ["a", "+", "b", ""]


@pytest.mark.parametrize("text", ["1", "2.5", "1e-3", ".5", "3.", "6E+2"])
def test_numbers_are_single_tokens(text):
    assert kinds_and_texts(text)[0] == (NUM, text)


def test_power_is_one_token_in_both_spellings():
    assert [t for _, t in kinds_and_texts("a**b^c")][:5] == ["a", "**", "b", "^", "c"]


def test_unicode_names_are_names():
    assert kinds_and_texts("σ(分子)")[:4] == [(NAME, "σ"), (OP, "("), (NAME, "分子"), (OP, ")")]


def test_full_width_spaces_count_as_blanks():
    assert [t for _, t in kinds_and_texts("x\u3000+\xa01")] == ["x", "+", "1", ""]


@pytest.mark.parametrize(
    ("source", "column", "words"),
    [
        ("x ¹", 3, "unexpected character"),
        ("（x）", 1, "full-width"),
        ("a \\ b", 3, "end a line"),
        ("a ? b", 3, "not part of the language"),
        ("x ]", 3, "unmatched"),
        ("(x]", 3, "unmatched"),
        ("x × y", 3, "multiply with `*`"),
        ("x · y", 3, "multiply with `*`"),
        ("x ÷ y", 3, "divide with `/`"),
        ("x − y", 3, "type `-`"),
    ],
)
def test_stray_characters_raise_parse_errors_at_their_column(source, column, words):
    with pytest.raises(ParseError) as info:
        tokenize(source, 100)
    assert words in info.value.message and info.value.column == column


def test_brackets_deeper_than_the_limit_raise_a_limit_error_at_the_culprit():
    with pytest.raises(LimitError) as info:
        tokenize("((((x))))", 3)
    assert info.value.column == 4


def test_a_name_that_normalises_to_another_length_keeps_its_place_in_the_source():
    tokens = tokenize("\ufb01 + 1", 100)
    assert tokens[0] == Token(NAME, "fi", line=1, column=1, end_column=2)
    assert tokens[1].column == 3
