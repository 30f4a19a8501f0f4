"""The student's link: compact program text that reads as the very same program."""

import pytest
from circuitgrad.app.examples import NOTES_STAGED_PROGRAM
from circuitgrad.app.sharelink import PublicUrlError, compact_program, public_url, student_query
from circuitgrad.engine import evaluate


@pytest.mark.parametrize(
    ("source", "compact"),
    [
        ("(x + y) * z", "(x+y)*z"),
        ("x = 3 # a comment\n\n\ny = -4\nf = x ** 2 * y", "x=3\ny=-4\nf=x**2*y"),
        ("a = 1.5e3 ; b = a  -  -a", "a=1.5e3\nb=a--a"),
        ("f = max(0,\n   w * x)", "f=max(0,w*x)"),
        ("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", "1/(1+exp(-(w0*x0+w1*x1+w2)))"),
    ],
)
def test_compact_program_drops_comments_padding_and_blank_lines(source, compact):
    assert compact_program(source) == compact


def test_the_staged_notes_program_compacts_to_the_same_circuit():
    compact = compact_program(NOTES_STAGED_PROGRAM)
    assert "#" not in compact and " " not in compact
    assert len(compact) < len(NOTES_STAGED_PROGRAM) / 3
    before, after = evaluate(NOTES_STAGED_PROGRAM, {}).to_dict(), evaluate(compact, {}).to_dict()
    assert after["value"] == before["value"]
    assert after["gradients"] == before["gradients"]
    assert [n["label"] for n in after["nodes"]] == [n["label"] for n in before["nodes"]]


@pytest.mark.parametrize("broken", ["f = (x", "x = 'text'", "x = 1 ¤ 2"])
def test_a_program_the_lexer_refuses_is_kept_as_typed(broken):
    assert compact_program(broken) == broken


def test_student_query_keeps_safe_characters_and_escapes_plus_and_ampersand():
    query = student_query([("expr", "a + b&c"), ("v", "a:1,b:-2"), ("theme", "dark")])
    assert query == "expr=a%20%2B%20b%26c&v=a:1,b:-2"


@pytest.mark.parametrize("raw", ["class.example.org", "ftp://x.org", "http://x.org/?a=1", "http://"])
def test_a_public_url_must_be_an_http_address(raw):
    with pytest.raises(PublicUrlError):
        public_url(raw)


def test_a_public_url_loses_its_trailing_slash():
    assert public_url("https://class.example.org/grad/") == "https://class.example.org/grad"


def test_a_students_link_keeps_the_seed_so_it_opens_the_same_random_numbers():
    query = student_query([("expr", "W = np.random.randn(2, 3)"), ("seed", "42"), ("proj", "1")])
    assert query == "expr=W=np.random.randn(2,3)&seed=42"
