"""The two message catalogues: the same keys, the same placeholders, and pages with no untranslated text."""

import json
import re
from pathlib import Path

import pytest
from circuitgrad.engine.errors import REASONS, TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "static" / "i18n"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# The notes' own technical words, kept in Latin letters in the translation too.
# Names, file formats and key caps stay as they are.
CODE = re.compile(r"`[^`]*`")  # code quoted in a message (`import`, `x = 3`) is code, not English
KEPT_IN_LATIN = {"circuitgrad", "sigmoid", "exp", "log", "tanh", "relu", "sqrt", "sin", "cos"}
KEPT_IN_LATIN |= {"svg", "png", "html", "esc", "home", "end"}


def load(lang: str) -> dict[str, str]:
    return json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def english():
    return load("en")


@pytest.fixture(scope="module")
def chinese():
    return load("zh-CN")


def test_catalogues_have_the_same_keys(english, chinese):
    assert sorted(set(english) - set(chinese)) == []
    assert sorted(set(chinese) - set(english)) == []


def test_catalogues_use_the_same_placeholders_in_every_message(english, chinese):
    differing = {
        key: (sorted(PLACEHOLDER.findall(english[key])), sorted(PLACEHOLDER.findall(chinese[key])))
        for key in english
        if key in chinese and set(PLACEHOLDER.findall(english[key])) != set(PLACEHOLDER.findall(chinese[key]))
    }
    assert differing == {}


def test_every_message_is_a_non_empty_string(english, chinese):
    for catalogue in (english, chinese):
        assert all(isinstance(text, str) and text.strip() for text in catalogue.values())


def untranslated(text: str) -> list[str]:
    """English words left in a Chinese message, once placeholders and the notes' Latin terms are removed."""
    words = LATIN_WORD.findall(CODE.sub("", PLACEHOLDER.sub("", text)))
    return [word for word in words if word.lower() not in KEPT_IN_LATIN]


def test_chinese_messages_are_chinese(english, chinese):
    leftovers = {
        key: text
        for key, text in chinese.items()
        if untranslated(text) or (untranslated(english[key]) and not HAN.search(text))
    }
    assert leftovers == {}


@pytest.mark.parametrize(
    "term",
    ["前向传播", "反向传播", "门单元", "局部梯度", "链式法则", "加法门", "取最大值门", "乘法门", "上游梯度"],
)
def test_chinese_catalogue_uses_the_terms_of_the_translated_notes(chinese, term):
    assert any(term in text for text in chinese.values())


def test_chinese_catalogue_avoids_terms_the_notes_do_not_use(chinese):
    assert not any(word in text for text in chinese.values() for word in ("后向传播", "前馈", "反传"))


def test_the_english_catalogue_says_engine_errors_exactly_as_the_engine_does(english):
    # The page says coded errors from the catalogue; in English that must be the engine's own text.
    said = {key.removeprefix("engine."): text for key, text in english.items() if key.startswith("engine.")}
    reasons = {key.removeprefix("reason."): said.pop(key) for key in list(said) if key.startswith("reason.")}
    assert said == TEMPLATES
    assert reasons == REASONS
