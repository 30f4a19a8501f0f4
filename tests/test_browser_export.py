"""Exports that travel: the SVG renders in librsvg and cairosvg as in Chromium; every step as a PNG."""

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import SCREENSHOTS
from test_browser_classroom import HAN, NOTES, example_query, open_page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from networks import network_program  # noqa: E402

pytestmark = pytest.mark.browser

SVG_NS = "{http://www.w3.org/2000/svg}"
STAGED = next(example for example in NOTES if example["id"] == "notes-staged")
# A compact drawing: collapsed neurons as boxes with their names, a layer's fan-outs on trunks.
COMPACT = urlencode({"expr": network_program(samples=1, sizes=(2, 10, 10, 1)), "step": "60"})

# Both images drawn on canvases of one size: the mean difference, and how many pixels have each ink.
COMPARE = """async ([a, b, width, height, inks]) => {
  const load = (src) => new Promise((resolve, reject) => {
    const image = new Image(); image.onload = () => resolve(image); image.onerror = reject; image.src = src;
  });
  const pixels = async (src) => {
    const canvas = document.createElement('canvas'); canvas.width = width; canvas.height = height;
    const context = canvas.getContext('2d');
    context.drawImage(await load(src), 0, 0, width, height);
    return context.getImageData(0, 0, width, height).data;
  };
  const [p, q] = [await pixels(a), await pixels(b)];
  let diff = 0;
  const counts = inks.map(() => [0, 0]);
  const distance = (d, i, c) => Math.abs(d[i] - c[0]) + Math.abs(d[i + 1] - c[1]) + Math.abs(d[i + 2] - c[2]);
  for (let i = 0; i < p.length; i += 4) {
    diff += distance(p, i, q.subarray(i, i + 3));
    inks.forEach((ink, k) => {
      if (distance(p, i, ink) < 90) counts[k][0] += 1;
      if (distance(q, i, ink) < 90) counts[k][1] += 1;
    });
  }
  return {mean: diff / (p.length / 4) / 3, counts};
}"""

HEX = """(selector) => {
  const [r, g, b] = getComputedStyle(document.querySelector(selector)).fill.match(/[\\d.]+/g).map(Number);
  return [r, g, b];
}"""


def export_svg(pg, tmp_path):
    with pg.expect_download() as info:
        pg.locator("#export-svg").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def missing(tool: str, fix: str):
    """A renderer that is not installed fails the run on CI and skips elsewhere."""
    if os.environ.get("CI") or os.environ.get("CIRCUITGRAD_REQUIRE_BROWSER"):
        pytest.fail(f"{tool} is missing: {fix}")
    pytest.skip(f"{tool} is missing")


def render_librsvg(path, width, height) -> bytes:
    """librsvg (rsvg-convert): GNOME, pandoc's PDF path, Inkscape's import."""
    found = shutil.which("rsvg-convert") or missing("rsvg-convert", "install Debian's librsvg2-bin package")
    command = [found, "-w", str(width), "-h", str(height), str(path)]
    return subprocess.run(command, capture_output=True, check=True).stdout


def render_cairosvg(path, width, height) -> bytes:
    """cairosvg: Python's SVG renderer (WeasyPrint, Sphinx and LaTeX pipelines that convert SVG)."""
    try:
        import cairosvg
    except (ImportError, OSError):  # OSError: the package is there but the cairo library is not
        missing("cairosvg", 'pip install -e ".[test]" and the cairo library (Debian\'s libcairo2)')
    return cairosvg.svg2png(url=str(path), output_width=width, output_height=height)


RENDERERS = {"librsvg": render_librsvg, "cairosvg": render_cairosvg}


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize(
    "query",
    [
        example_query(STAGED, step="20"),
        example_query(STAGED, pal="cb", theme="dark"),
        example_query(STAGED, lang="zh-CN", step="20"),
        COMPACT,
    ],
    ids=["light", "dark", "zh-CN", "compact"],
)
def test_exported_svg_renders_outside_chromium_as_in_chromium(
    live_server, page, tmp_path, query, renderer, request
):
    open_page(page, f"{live_server}/?{query}")
    path = export_svg(page, tmp_path)
    text = path.read_text()
    assert "paint-order" not in text and "color(" not in text and "color-mix" not in text
    root = ET.fromstring(text)
    # cairosvg draws a text in its first font alone, so that font must have the text's glyphs.
    for node in root.iter(f"{SVG_NS}text"):
        if HAN.search("".join(node.itertext())):
            assert node.get("style").split("font-family:")[1].startswith("'Noto Sans CJK SC'")
    width, height = round(float(root.get("width"))), round(float(root.get("height")))
    png = RENDERERS[renderer](path, width, height)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"export-{request.node.callspec.id}.png").write_bytes(png)
    inks = [page.evaluate(HEX, "text.wire-value"), page.evaluate(HEX, "text.wire-grad")]
    svg_url = "data:image/svg+xml;base64," + base64.b64encode(text.encode()).decode()
    png_url = "data:image/png;base64," + base64.b64encode(png).decode()
    page.goto("about:blank")
    result = page.evaluate(COMPARE, [svg_url, png_url, width, height, inks])
    for chromium_count, other_count in result["counts"]:  # the wire numbers, green and red, in both
        assert chromium_count > 200 and 0.6 < other_count / chromium_count < 1.6, result
    assert result["mean"] < 10, result


def test_exported_svg_is_named_after_the_program_and_step_and_says_what_it_shows(live_server, page, tmp_path):
    open_page(page, f"{live_server}/?{example_query(STAGED, step='20')}")
    path = export_svg(page, tmp_path)
    assert path.name == "f-num-invden-step-20-of-33.svg"
    texts = ["".join(node.itertext()) for node in ET.parse(path).getroot().iter(f"{SVG_NS}text")]
    assert "sigy = 1.0 / (1 + math.exp(-y))" in texts  # the program, comments left out
    assert not any("#" in line for line in texts)
    assert any("value, above the wire" in line and "step 20 / 33" in line for line in texts)


def test_every_step_exports_as_one_png_each_in_a_zip(live_server, page, tmp_path):
    open_page(page, f"{live_server}/?expr=(x%2By)*z&v=x:-2,y:5,z:-4&step=4")
    total = page.evaluate("() => window.circuitgrad.player.total")
    with page.expect_download(timeout=60_000) as info:
        page.locator("#export-steps").click()
    assert info.value.suggested_filename == "x-y-z-steps.zip"
    archive = zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes()))
    names = archive.namelist()
    assert names == [f"x-y-z-step-{pos}-of-{total}.png" for pos in range(total + 1)]
    assert all(archive.read(name)[:8] == b"\x89PNG\r\n\x1a\n" for name in names)
    (SCREENSHOTS / "export-step-3.png").write_bytes(archive.read(names[3]))
    assert page.evaluate("() => window.circuitgrad.player.pos") == 4  # the page is back where it was


def test_the_html_button_downloads_a_page_that_plays_offline_at_its_step(live_server, page, offline_page):
    from playwright.sync_api import expect

    open_page(page, f"{live_server}/?expr=(x%2By)*z&v=x:-2,y:5,z:-4&step=4&prec=3")
    with page.expect_download() as info:
        page.locator("#export-html").click()
    assert info.value.suggested_filename == "x-y-z-step-4-of-7.html"
    path = info.value.path().with_suffix(".html")
    info.value.save_as(path)
    offline_page.goto(path.as_uri())
    expect(offline_page.locator(".stage")).to_have_attribute("data-ready", "true")
    svg = offline_page.locator(".circuit svg")
    # The notes' figure, with the page's three decimals.
    for number in ("-2.000", "5.000", "-4.000", "3.000", "-12.000"):
        expect(svg.get_by_text(number, exact=True).first).to_be_visible()
    expect(offline_page.locator(".step-label")).to_have_text(re.compile(r"4\D+7"))
    offline_page.locator("#step-forward").click()
    expect(offline_page.locator(".step-label")).to_have_text(re.compile(r"5\D+7"))
    offline_page.screenshot(path=SCREENSHOTS / "export-html-offline.png")
    assert offline_page.errors == [] and offline_page.requests == []


def test_a_program_with_an_error_says_why_it_cannot_be_exported_as_a_page(live_server, page):
    from playwright.sync_api import expect

    open_page(page, f"{live_server}/?expr=log(x)&v=x:-1")
    page.locator("#export-html").click()
    expect(page.locator("#error")).to_contain_text("Export failed: the `log` gate cannot be computed at -1")
    expect(page.locator("#export-html")).to_be_enabled()
