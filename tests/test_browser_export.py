"""Exports that travel: the SVG renders the same outside Chromium (librsvg), and every step as a PNG."""

import base64
import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import SCREENSHOTS
from test_browser_classroom import NOTES, example_query, open_page

pytestmark = pytest.mark.browser

SVG_NS = "{http://www.w3.org/2000/svg}"
STAGED = next(example for example in NOTES if example["id"] == "notes-staged")

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


def rsvg():
    found = shutil.which("rsvg-convert")
    if not found:
        if os.environ.get("CI") or os.environ.get("CIRCUITGRAD_REQUIRE_BROWSER"):
            pytest.fail("rsvg-convert is missing: install Debian's librsvg2-bin package")
        pytest.skip("rsvg-convert is missing")
    return found


@pytest.mark.parametrize(
    "query", [example_query(STAGED, step="20"), example_query(STAGED, pal="cb", theme="dark")]
)
def test_exported_svg_renders_in_librsvg_as_in_chromium(live_server, page, tmp_path, query):
    open_page(page, f"{live_server}/?{query}")
    path = export_svg(page, tmp_path)
    text = path.read_text()
    assert "paint-order" not in text and "color(" not in text and "color-mix" not in text
    root = ET.fromstring(text)
    width, height = round(float(root.get("width"))), round(float(root.get("height")))
    png = subprocess.run(
        [rsvg(), "-w", str(width), "-h", str(height), str(path)], capture_output=True, check=True
    ).stdout
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"export-librsvg-{'dark' if 'dark' in query else 'light'}.png").write_bytes(png)
    inks = [page.evaluate(HEX, "text.wire-value"), page.evaluate(HEX, "text.wire-grad")]
    svg_url = "data:image/svg+xml;base64," + base64.b64encode(text.encode()).decode()
    png_url = "data:image/png;base64," + base64.b64encode(png).decode()
    page.goto("about:blank")
    result = page.evaluate(COMPARE, [svg_url, png_url, width, height, inks])
    for chromium_count, librsvg_count in result["counts"]:  # the wire numbers, green and red, in both
        assert chromium_count > 200 and 0.6 < librsvg_count / chromium_count < 1.6, result
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
