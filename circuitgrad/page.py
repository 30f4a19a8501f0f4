"""The pieces a host outside the web app needs: the stage's markup, the styles and the message catalogues."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .app.paths import STATIC_DIR
from .app.templating import environment

# The page's styles a lone circuit needs (no quiz; the legend lives among the projector rules), then the
# hosts' own layout.
HOST_STYLES = ("css/app.css", "css/circuit.css", "css/panels.css", "css/projector.css", "css/host.css")
LANGUAGES = ("en", "zh-CN")
SCOPE = ".cg-host"
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_ROOT = re.compile(r"^(?::root|html|body)(?=$|[\s.\[:#>~+])")
_NESTED_BODY = re.compile(r"^(\S*)\s+body(?=$|[\s.\[:#>~+])")


def render(template: str, **context) -> str:
    """One of the app's templates, rendered (and autoescaped) as the app renders it."""
    return environment.get_template(template).render({"lang": "en", "state": {}, "embed": False, **context})


@lru_cache(maxsize=4)
def catalogues() -> dict:
    """Every message catalogue, by language."""
    return {lang: json.loads((STATIC_DIR / "i18n" / f"{lang}.json").read_text("utf-8")) for lang in LANGUAGES}


@lru_cache(maxsize=4)
def styles(scoped: bool) -> str:
    """The host styles; scoped under .cg-host so a notebook's own page keeps its look."""
    text = "\n".join((STATIC_DIR / path).read_text(encoding="utf-8") for path in HOST_STYLES)
    return scope_css(text) if scoped else text


def scope_css(text: str, scope: str = SCOPE) -> str:
    """Every rule's selectors under `scope`; :root, html and body become the scope element itself."""
    text = _COMMENT.sub("", text)
    out, at = [], 0
    while True:
        brace = text.find("{", at)
        if brace < 0:
            out.append(text[at:])
            return "".join(out)
        prelude = text[at:brace].strip()
        end = _block_end(text, brace)
        body = text[brace + 1 : end]
        if prelude.startswith(("@media", "@supports", "@layer", "@container")):
            out.append(f"{prelude} {{{scope_css(body, scope)}}}\n")
        elif prelude.startswith("@"):
            out.append(f"{prelude} {{{body}}}\n")
        else:
            selectors = ", ".join(_scope_selector(s.strip(), scope) for s in prelude.split(","))
            out.append(f"{selectors} {{{body}}}\n")
        at = end + 1


def _scope_selector(selector: str, scope: str) -> str:
    if selector.startswith(scope) and not selector[len(scope) : len(scope) + 1].isalnum():
        return selector  # the hosts' own rules name the scope already
    if _ROOT.match(selector):
        selector = _ROOT.sub(scope, selector, count=1)
        # `html[...] body …`: the host element plays both parts.
        return _NESTED_BODY.sub(r"\1", selector, count=1)
    return f"{scope} {selector}"


def _block_end(text: str, brace: int) -> int:
    depth = 0
    for i in range(brace, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced braces in a stylesheet")
