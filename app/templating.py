"""The Jinja2 environment (autoescaping), the `t()` message global and the page languages."""

import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from starlette.responses import HTMLResponse

from . import __version__
from .paths import STATIC_DIR, TEMPLATES_DIR
from .static_files import static_url

LANGUAGES = ("en", "zh-CN")
DEFAULT_LANGUAGE = "en"
_PARAM = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=8)
def _load_catalogue(path: Path, mtime_ns: int) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def catalogue(lang: str) -> dict[str, str]:
    """The flat message table static/i18n/<lang>.json (re-read when the file changes)."""
    path = STATIC_DIR / "i18n" / f"{lang}.json"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _load_catalogue(path, mtime)


def translate(lang: str, key: str, **params: object) -> str:
    """The message for `key` in `lang`, else in English, else the key itself; `{name}` filled from params."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    # Substitute by name only: str.format would let a message reach attributes of its arguments.
    return _PARAM.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


@jinja2.pass_context
def _t(context: jinja2.runtime.Context, key: str, **params: object) -> str:
    return translate(context.get("lang", DEFAULT_LANGUAGE), key, **params)


environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=True,
    undefined=jinja2.ChainableUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals.update(t=_t, static_url=static_url, version=__version__)


def render_html(name: str, context: dict) -> str:
    return environment.get_template(name).render(context)


def render(name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(render_html(name, context), status_code=status_code)
