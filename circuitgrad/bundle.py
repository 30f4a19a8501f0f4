"""One ES module string from the page's own modules, for hosts that cannot fetch them (notebook, file://).

Nothing is copied by hand or rewritten beyond the import specifiers: each module keeps its own text and
scope. In the browser a small loader turns every module into a blob: URL, leaves first, with its imports
pointing at its dependencies' blob URLs, then imports the entry. The vendored scripts (d3, dagre) run first,
as the page's classic <script> tags do, and leave their globals.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .app.paths import STATIC_DIR, TEMPLATES_DIR

# `import … from "x"`, `export … from "x"` and `import "x"` at the start of a line (so a comment that
# mentions an import is not one), and `import("x")` with a literal anywhere.
_STATIC_IMPORT = re.compile(
    r"""^[ \t]*(?:import|export)\b[^;"'`]*?\bfrom\s*(["'])(?P<a>[^"'\n]+)\1"""
    r"""|^[ \t]*import\s*(["'])(?P<b>[^"'\n]+)\3""",
    re.MULTILINE,
)
_DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*(["'])(?P<c>[^"'\n]+)\1\s*\)""")
_VENDOR_SCRIPT = re.compile(r"""vendor/([A-Za-z0-9_]+)-[0-9][\w.-]*\.min\.js""")


class BundleError(RuntimeError):
    """The page's modules cannot be bundled (a missing file or an import cycle)."""


def module_graph(entry: str, root: Path = STATIC_DIR) -> tuple[list[str], dict[str, tuple[list, list]]]:
    """Every module the entry reaches: (order with dependencies first, path -> (text pieces, dependencies)).

    Paths are relative to static/ ("js/circuit/view.js"); a module's text is split around each import
    specifier, so joining the pieces with the dependencies' URLs gives the rewritten module.
    """
    modules: dict[str, tuple[list, list]] = {}
    order: list[str] = []
    visiting: list[str] = []

    def visit(path: str) -> None:
        if path in modules:
            return
        if path in visiting:
            raise BundleError(f"import cycle: {' -> '.join([*visiting, path])}")
        file = root / path
        if not file.is_file():
            raise BundleError(f"{path} is imported but missing")
        visiting.append(path)
        pieces, deps = _split(file.read_text(encoding="utf-8"), path)
        for dep in deps:
            visit(dep)
        visiting.pop()
        modules[path] = (pieces, deps)
        order.append(path)

    visit(entry)
    return order, modules


def _split(text: str, path: str) -> tuple[list[str], list[str]]:
    spans = []
    for regex in (_STATIC_IMPORT, _DYNAMIC_IMPORT):
        for match in regex.finditer(text):
            group = next(g for g in ("a", "b", "c") if g in match.groupdict() and match.group(g))
            spans.append((match.start(group), match.end(group), match.group(group)))
    pieces, deps, at = [], [], 0
    for start, end, spec in sorted(spans):
        pieces.append(text[at:start])
        deps.append(_resolve(spec, path))
        at = end
    pieces.append(text[at:])
    return pieces, deps


def _resolve(spec: str, importer: str) -> str:
    if spec.startswith("/static/"):
        return spec[len("/static/") :].split("?", 1)[0]
    if not spec.startswith((".", "/")):
        raise BundleError(f"{importer} imports {spec!r}: only relative or /static/ paths can be bundled")
    parts: list[str] = []
    for part in (PurePosixPath(importer).parent / spec.split("?", 1)[0]).parts:
        if part == "..":
            if not parts:
                raise BundleError(f"{importer} imports {spec!r}, outside static/")
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def vendor_scripts(template: str = "index.html") -> list[tuple[str, str]]:
    """The vendored classic scripts the page loads, as (static path, global name), in the page's order."""
    text = (TEMPLATES_DIR / template).read_text(encoding="utf-8")
    seen: dict[str, str] = {}
    for match in _VENDOR_SCRIPT.finditer(text):
        seen.setdefault(f"vendor/{match.group(0).split('vendor/', 1)[1]}", match.group(1))
    return list(seen.items())


_LOADER = """\
// circuitgrad: the page's own ES modules, loaded from blob: URLs (see circuitgrad/bundle.py).
const BUNDLE = %(bundle)s;
const VENDOR = %(vendor)s;
const blobUrl = (text) => URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
// Vendored scripts run as on the page: no AMD or CommonJS wrapper sees them, and their global stays.
for (const [text, name] of VENDOR) {
  if (globalThis[name]) continue;
  const keep = `if (typeof ${name} !== "undefined" && !globalThis.${name}) globalThis.${name} = ${name};`;
  await import(blobUrl(`(function (define, exports, module) {\\n${text}\\n;${keep}\\n}).call(globalThis);`));
}
const urls = {};
for (const [path, pieces, deps] of BUNDLE) {
  let text = pieces[0];
  deps.forEach((dep, i) => {
    text += urls[dep] + pieces[i + 1];
  });
  urls[path] = blobUrl(text + `\\n//# sourceURL=circuitgrad/${path}`);
}
const entry = await import(urls[%(entry)s]);
export default entry.default;
"""


@lru_cache(maxsize=8)
def bundle(entry: str, root: Path = STATIC_DIR, template: str = "index.html") -> str:
    """The entry module and everything it imports as one ES module; its default export is the entry's."""
    order, modules = module_graph(entry, root)
    listed = [[path, *modules[path]] for path in order]
    vendor = [[(root / path).read_text(encoding="utf-8"), name] for path, name in vendor_scripts(template)]
    return _LOADER % {
        "bundle": _script_json(listed),
        "vendor": _script_json(vendor),
        "entry": json.dumps(entry),
    }


def _script_json(value) -> str:
    """JSON that is safe inside an inline <script> (no `</script>` or `<!--` can end it early)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028")
