"""The notebook widget: `circuitgrad.show(...)` in a real kernel (nbclient), and in JupyterLab in Chromium."""

import re

import pytest
from conftest import SCREENSHOTS
from jupyter import require_notebook_extra, start_lab, stop_lab, write_notebook

pytestmark = pytest.mark.slow

SHOW_PROGRAM = 'import circuitgrad\nw = circuitgrad.show("(x+y)*z", x=-2, y=5, z=-4)\nw'
SHOW_MICROGRAD = """import random
from micrograd.nn import MLP
random.seed(1337)
model = MLP(2, [16, 16, 1])
loss = model([2.0, -1.0])
loss.backward()
m = circuitgrad.show(loss)
m"""
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def stdout(cell) -> str:
    return "".join(out.get("text", "") for out in cell.outputs if out.get("name") == "stdout")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """A notebook that shows a program and Karpathy's demo network, run top to bottom in a real kernel."""
    require_notebook_extra()
    import nbformat
    from nbclient import NotebookClient

    folder = tmp_path_factory.mktemp("nbclient")
    path = write_notebook(
        folder,
        [
            SHOW_PROGRAM,
            'print("STATE", repr(w.program), w.values, w.step, w.answer["graph"]["value"])',
            'w.values = {"x": 1}\nprint("VALUE", w.answer["graph"]["value"], w.result.gradients)',
            SHOW_MICROGRAD,
            'print("NOTE", m.note)\nprint("INPUTS", len(m.values))',
        ],
    )
    nb = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(folder)}}
    NotebookClient(nb, timeout=120, kernel_name="python3", resources=resources).execute()
    return nb


def test_show_returns_a_widget_the_notebook_displays(executed):
    view = executed.cells[0].outputs[0]["data"][WIDGET_VIEW]
    state = executed.metadata["widgets"][WIDGET_STATE]["state"][view["model_id"]]
    assert state["model_name"] == "AnyModel"
    assert state["state"]["program"] == "(x+y)*z"
    assert state["state"]["values"] == {"x": 1, "y": 5, "z": -4}  # the state saved last, after cell 3
    assert state["state"]["answer"]["graph"]["value"] == -24


def test_the_widgets_program_values_and_step_read_back_in_python(executed):
    assert stdout(executed.cells[1]) == "STATE '(x+y)*z' {'x': -2, 'y': 5, 'z': -4} 7 -12.0\n"


def test_new_values_set_in_python_recompute_the_circuit_in_the_kernel(executed):
    assert stdout(executed.cells[2]) == "VALUE -24.0 {'x': -4.0, 'y': -4.0, 'z': 6.0}\n"


def test_a_micrograd_network_is_shown_with_its_numbers_checked(executed):
    assert WIDGET_VIEW in executed.cells[3].outputs[0]["data"]
    assert stdout(executed.cells[4]) == (
        "NOTE All 386 wires' values and gradients agree with micrograd's.\nINPUTS 369\n"
    )


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started for these tests on 127.0.0.1, stopped with every kernel it ran."""
    require_notebook_extra("jupyterlab", "psutil")
    home, root = tmp_path_factory.mktemp("jupyter-home"), tmp_path_factory.mktemp("lab-root")
    proc, url = start_lab(home, root)
    yield url, root
    assert stop_lab(proc) == [], "a kernel outlived the server"


@pytest.fixture
def lab_page(browser):
    """A Chromium page that records page errors and any request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.errors, pg.external = [], []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    local = ("http://127.0.0.1", "data:", "blob:")
    pg.on("request", lambda r: r.url.startswith(local) or pg.external.append(r.url))
    yield pg
    context.close()


def run_cell(page, cells, index: int) -> None:
    cells.nth(index).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")


@pytest.mark.browser
def test_jupyterlab_draws_the_circuit_and_a_slider_recomputes_it_in_the_kernel(lab, lab_page):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # a notebook's first paint can take seconds on two busy cores
    url, root = lab
    page = lab_page
    second = 'v = circuitgrad.show("x*y", x=3, y=-4)\nv'
    cells_text = [SHOW_PROGRAM, 'print("STATE", w.values, "STEP", w.step)', "w.step = 2", second]
    notebook = write_notebook(root, cells_text)
    page.goto(f"{url}/lab/tree/{notebook.name}?reset")
    cells = page.locator(".jp-Notebook .jp-Cell")
    expect(cells).to_have_count(4)
    expect(page.locator("#jp-main-statusbar")).to_contain_text("Python 3 (ipykernel) | Idle", timeout=60_000)

    run_cell(page, cells, 0)
    widget = cells.nth(0).locator(".jp-OutputArea-output .cg-host")
    svg = widget.locator(".circuit svg")
    for number in ("-2.00", "5.00", "-4.00", "3.00", "-12.00", "1.00"):  # the notes' first figure
        expect(svg.get_by_text(number, exact=True).first).to_be_visible()
    expect(widget.locator(".step-label")).to_have_text(re.compile(r"7\D+7"))
    # Readiness is the widget's own mark: JupyterLab's <body> is left alone.
    expect(widget.locator(".stage")).to_have_attribute("data-ready", "true")
    assert page.locator("body").get_attribute("data-ready") is None

    widget.locator(".input-row[data-input=x] .input-slider").fill("1")
    expect(svg.get_by_text("-24.00", exact=True)).to_be_visible()  # (1 + 5) · -4, computed by the kernel
    expect(svg.get_by_text("6.00", exact=True).first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget.screenshot(path=SCREENSHOTS / "notebook-widget.png")
    run_cell(page, cells, 1)
    expect(cells.nth(1).locator(".jp-OutputArea-output")).to_contain_text("'x': 1")

    widget.locator("#step-back").click()  # one step back
    run_cell(page, cells, 1)
    expect(cells.nth(1).locator(".jp-OutputArea-output")).to_contain_text("STEP 6")
    run_cell(page, cells, 2)
    expect(widget.locator(".step-label")).to_have_text(re.compile(r"2\D+7"))

    run_cell(page, cells, 3)  # a second circuit in the same notebook drives its own player
    other = cells.nth(3).locator(".jp-OutputArea-output .cg-host")
    expect(other.locator(".circuit svg").get_by_text("-12.00", exact=True)).to_be_visible()
    other.locator("#restart").click()
    expect(other.locator(".step-label")).to_have_text(re.compile(r"0\D+"))
    expect(widget.locator(".step-label")).to_have_text(re.compile(r"2\D+7"))
    assert page.errors == []
    assert page.external == []
