"""The hosts' bundle: the page's own modules, unchanged but for their import paths, and styles scoped."""

import pytest
from circuitgrad.app.paths import STATIC_DIR

from circuitgrad.bundle import BundleError, bundle, module_graph, vendor_scripts
from circuitgrad.page import scope_css

HOST_ENTRIES = ["js/hosts/notebook.js", "js/hosts/standalone.js"]


@pytest.mark.parametrize("entry", HOST_ENTRIES)
def test_a_host_bundles_the_pages_own_circuit_view(entry):
    order, _ = module_graph(entry)
    assert {"js/circuit/view.js", "js/circuit/render.js", "js/state.js", "js/hosts/host.js"} <= set(order)
    assert order[-1] == entry


@pytest.mark.parametrize("entry", HOST_ENTRIES)
def test_every_bundled_module_is_the_file_itself_with_only_its_import_paths_replaced(entry):
    order, modules = module_graph(entry)
    for path in order:
        pieces, deps = modules[path]
        text = (STATIC_DIR / path).read_text(encoding="utf-8")
        assert text.startswith(pieces[0]) and text.endswith(pieces[-1])
        at, gaps = len(pieces[0]), []
        for piece in pieces[1:]:
            found = text.index(piece, at)
            gaps.append(text[at:found])
            at = found + len(piece)
        assert at == len(text)
        assert all(gap.endswith(".js") and not any(c.isspace() for c in gap) for gap in gaps), gaps
        assert len(gaps) == len(deps)


def test_modules_come_after_everything_they_import():
    order, modules = module_graph("js/hosts/notebook.js")
    position = {path: i for i, path in enumerate(order)}
    assert all(position[dep] < position[path] for path in order for dep in modules[path][1])


def test_the_vendored_scripts_are_the_ones_the_page_loads():
    assert [name for _, name in vendor_scripts()] == ["d3", "dagre"]
    assert all((STATIC_DIR / path).is_file() for path, _ in vendor_scripts())


def test_the_bundle_cannot_be_ended_early_by_text_inside_a_module():
    text = bundle("js/hosts/standalone.js")
    assert "</script" not in text.lower() and "<!--" not in text


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"a.js": 'import { b } from "./b.js";', "b.js": 'import { a } from "./a.js";'},
            "import cycle: a.js -> b.js -> a.js",
        ),
        ({"a.js": 'import { b } from "./missing.js";'}, "missing.js is imported but missing"),
        ({"a.js": 'import x from "lodash";'}, "only relative or /static/ paths can be bundled"),
        ({"a.js": 'import x from "../../up.js";'}, "outside static/"),
    ],
)
def test_a_module_graph_that_cannot_be_bundled_says_why(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(BundleError, match=message.replace(".", r"\.")):
        module_graph("a.js", tmp_path)


def test_an_import_mentioned_in_a_comment_or_a_string_is_not_followed(tmp_path):
    (tmp_path / "a.js").write_text(
        '// Import it with `import { bus } from "/static/js/main.js"`\n'
        'const help = "import x from ./nowhere.js";\n'
        'import { b } from "./b.js";\nexport const a = b;\n'
    )
    (tmp_path / "b.js").write_text("export const b = 1;\n")
    order, modules = module_graph("a.js", tmp_path)
    assert order == ["b.js", "a.js"]
    assert modules["a.js"][1] == ["b.js"]


def test_multiline_and_dynamic_imports_are_followed(tmp_path):
    (tmp_path / "a.js").write_text(
        'import {\n  b,\n  c,\n} from "./sub/b.js";\nconst d = import("./d.js");\n'
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.js").write_text('export * from "../c.js";\nexport const b = 1;\n')
    (tmp_path / "c.js").write_text("export const c = 2;\n")
    (tmp_path / "d.js").write_text("export default 3;\n")
    order, _ = module_graph("a.js", tmp_path)
    assert order == ["c.js", "sub/b.js", "d.js", "a.js"]


@pytest.mark.parametrize(
    ("css", "scoped"),
    [
        (".gate { fill: red; }", ".cg-host .gate { fill: red; }"),
        (":root { --value: green; }", ".cg-host { --value: green; }"),
        ('html[data-theme="dark"] { --bg: #000; }', '.cg-host[data-theme="dark"] { --bg: #000; }'),
        ("html,\nbody { margin: 0; }", ".cg-host, .cg-host { margin: 0; }"),
        (
            'html[data-projector="true"] body { font-size: 20px; }',
            '.cg-host[data-projector="true"] { font-size: 20px; }',
        ),
        ("body[data-stale] #circuit { opacity: .5; }", ".cg-host[data-stale] #circuit { opacity: .5; }"),
        (".a, .b:hover { x: 1; }", ".cg-host .a, .cg-host .b:hover { x: 1; }"),
        (
            "@media (max-width: 800px) { .a { x: 1; } }",
            "@media (max-width: 800px) {.cg-host .a { x: 1; }\n }",
        ),
        (
            "@keyframes pulse { from { x: 0; } to { x: 1; } }",
            "@keyframes pulse { from { x: 0; } to { x: 1; } }",
        ),
        (".cg-host .note { x: 1; }", ".cg-host .note { x: 1; }"),
        (".cg-hostess { x: 1; }", ".cg-host .cg-hostess { x: 1; }"),
        ("/* body { } */ .a { x: 1; }", ".cg-host .a { x: 1; }"),
    ],
)
def test_page_styles_are_scoped_to_the_widget_so_the_notebook_keeps_its_look(css, scoped):
    assert scope_css(css).strip() == scoped
