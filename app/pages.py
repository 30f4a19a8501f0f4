"""HTML pages: the circuit page at / (and /embed), with the initial graph embedded as inert JSON."""

import json
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ..engine import EngineError
from ..engine.shapes import shape_text
from .evaluation import render_graph
from .examples import EXAMPLES
from .heavywork import heavy_work, is_heavy
from .templating import render, render_html
from .urlstate import DEFAULT_EXPR, DEFAULT_VALUES, format_values, parse_state

router = APIRouter(include_in_schema=False)
TITLE_CHARS = 80
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(text: str) -> Markup:
    """JSON text made safe inside <script type="application/json">: no `</script>`, no `<!--`."""
    for char, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def share_title(expr: str) -> str:
    """The program on one line, comments dropped, shortened for a link preview."""
    lines = [line.split("#", 1)[0].strip() for line in expr.splitlines()]
    title = "; ".join(" ".join(line.split()) for line in lines if line)
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def share_description(value, gradients: dict, precision: int) -> str:
    """`f = -12.00 · ∂f/∂x = -4.00 …`; an array is described by its shape (`f = 5×3 array`)."""
    parts = [f"f = {_shown(value, precision)}"]
    parts += [f"∂f/∂{name} = {_shown(grad, precision)}" for name, grad in gradients.items()]
    return " · ".join(parts)


def _shown(value, precision: int) -> str:
    shape = getattr(value, "shape", ())
    return f"{shape_text(shape)} array" if shape else f"{float(value):.{precision}f}"


def evaluate_for_page(state: dict) -> tuple[str, str]:
    """The graph JSON for the page state (or the error in the API's shape, which the page shows) and the
    link preview's one-line description."""
    try:
        rendered = render_graph(state["expr"], state["v"], state["sig"], state["seed"], form="compact")
    except EngineError as exc:
        error = exc.to_dict()
        return json.dumps({"error": error}, ensure_ascii=True), error["message"]
    description = share_description(rendered.value, rendered.gradients, state["prec"])
    return rendered.body.decode(), description


def build_page(template: str, state: dict, embed: bool, url: str) -> bytes:
    """The whole HTML of a page: evaluate, embed the graph as inert JSON, render the template."""
    text, description = evaluate_for_page(state)
    context = {
        "state": state,
        "lang": state["lang"],
        "embed": embed,
        "initial_graph_json": script_json(text),
        "examples": EXAMPLES,
        "og_title": share_title(state["expr"]),
        "og_description": description,
        "og_url": url,
    }
    return render_html(template, context).encode("utf-8")


async def page(request: Request, template: str, embed: bool) -> Response:
    """A page for the request's state; a long program's page (megabytes of HTML) is built off the loop."""
    state = parse_state(request.query_params, request.headers.get("accept-language"))
    args = (template, state, embed, str(request.url))
    html = await heavy_work.run(build_page, *args) if is_heavy(state["expr"]) else build_page(*args)
    return Response(html, media_type="text/html; charset=utf-8")


def default_values_redirect(request: Request) -> RedirectResponse | None:
    """The default circuit without `v` gets the notes' numbers written into its address."""
    # The browser's state.js reads the values from the address only; with them there, every later
    # re-evaluation in the page keeps the numbers of the first paint.
    if "v" in request.query_params or parse_state(request.query_params)["expr"] != DEFAULT_EXPR:
        return None
    query = urlencode([*request.query_params.multi_items(), ("v", format_values(DEFAULT_VALUES))], safe=":,")
    return RedirectResponse(f"{request.url.path}?{query}", status_code=302)


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def index(request: Request) -> Response:
    return default_values_redirect(request) or await page(request, "index.html", embed=False)


@router.api_route("/embed", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def embed(request: Request) -> Response:
    return default_values_redirect(request) or await page(request, "embed.html", embed=True)


def render_error_page(request: Request, status: int, message: str) -> HTMLResponse:
    lang = parse_state(request.query_params, request.headers.get("accept-language"))["lang"]
    context = {
        "lang": lang,
        "status": status,
        "message": message,
        "og_title": f"{status}",
        "og_description": message,
        "state": {},
    }
    return render("error.html", context, status_code=status)
