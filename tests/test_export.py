"""The standalone file: one HTML page that plays a circuit from disk, offline, with its values fixed."""

import re

import numpy as np
import pytest
from circuitgrad.app.cli import main
from conftest import SCREENSHOTS

import circuitgrad

HOSTILE = 'x = 1 # </script><script>alert("owned")</script><img src=x onerror=alert(1)>\nf = x * 2'


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "circuit.html"
    circuitgrad.export_html("(x+y)*z", x=-2, y=5, z=-4, path=path)
    return path


def test_the_file_holds_everything_inline_and_nothing_from_the_network(exported):
    html = exported.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "<script src" not in html
    assert '"value": -12.0' in html  # the computed circuit is in the file


def test_the_file_says_its_values_are_fixed(exported):
    assert "The values are fixed in this file (x = -2, y = 5, z = -4)" in exported.read_text(encoding="utf-8")


def test_a_program_is_shown_as_text_never_as_markup():
    html = circuitgrad.export_html(HOSTILE)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&#34;owned&#34;)" in html


def test_arrays_cannot_be_exported():
    with pytest.raises(ValueError, match="single numbers, not arrays"):
        circuitgrad.export_html("x*2", x=np.arange(3.0))


def test_a_program_that_makes_its_own_arrays_names_their_shapes_among_the_fixed_values():
    html = circuitgrad.export_html("W = np.random.randn(2,3)\nf = W.sum()")
    assert "The values are fixed in this file (W = 2×3 array)" in html


def test_the_file_opens_at_the_step_and_precision_it_is_given():
    html = circuitgrad.export_html("x*y", x=3, y=-4, view={"step": 2, "prec": 4, "proj": True})
    assert '<script type="application/json" id="circuitgrad-view">{"step": 2, "prec": 4}</script>' in html


def test_the_command_line_writes_the_file(tmp_path, capsys):
    target = tmp_path / "out.html"
    assert main(["export", "(x+y)*z", "x=-2", "y=5", "z=-4", "-o", str(target)]) == 0
    assert f"wrote {target}" in capsys.readouterr().out
    assert "circuitgrad-graph" in target.read_text(encoding="utf-8")


def test_the_command_line_reports_a_bad_program_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "out.html"
    assert main(["export", "log(x)", "x=-1", "-o", str(target)]) == 1
    assert "log needs a positive input" in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.browser
def test_the_file_opened_from_disk_offline_shows_the_figure_and_steps_through_it(exported, offline_page):
    from playwright.sync_api import expect

    page = offline_page
    page.goto(exported.as_uri())
    expect(page.locator(".stage")).to_have_attribute("data-ready", "true")
    svg = page.locator(".circuit svg")
    for number in ("-2.00", "5.00", "-4.00", "3.00", "-12.00", "1.00"):  # the notes' first figure
        expect(svg.get_by_text(number, exact=True).first).to_be_visible()
    label, narration = page.locator(".step-label"), page.locator("#narration")
    expect(label).to_have_text(re.compile(r"7\D+7"))
    page.locator("#restart").click()
    expect(label).to_have_text(re.compile(r"0\D+7"))
    page.locator("#step-forward").click()
    page.locator("#step-forward").click()
    expect(label).to_have_text(re.compile(r"2\D+7"))
    expect(narration).to_contain_text("-12.00".replace("-", "−"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "standalone-step-2.png")
    assert page.errors == [] and page.requests == []


@pytest.mark.browser
def test_a_hostile_program_in_the_file_runs_nothing(tmp_path, offline_page):
    from playwright.sync_api import expect

    path = tmp_path / "hostile.html"
    circuitgrad.export_html(HOSTILE, path=path)
    offline_page.goto(path.as_uri())
    expect(offline_page.locator(".stage")).to_have_attribute("data-ready", "true")
    expect(offline_page.locator(".cg-program")).to_contain_text('<script>alert("owned")</script>')
    assert offline_page.dialogs == [] and offline_page.errors == []
