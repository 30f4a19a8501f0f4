"""The export panel's standalone HTML file: the page's circuit as `circuitgrad export` writes it."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .heavywork import heavy_work, is_heavy
from .urlstate import parse_state

router = APIRouter(include_in_schema=False)
ATTACHMENT = 'attachment; filename="circuit.html"'


def standalone_html(expr: str, values: dict, expand_sigmoid: bool, lang: str, view: dict) -> str:
    """The file `circuitgrad.export_html` writes, for these page settings."""
    from ..export import export_html  # the package's exporter; imported late, as the CLI does

    return export_html(expr, values, lang=lang, expand_sigmoid=expand_sigmoid, view=view)


@router.get("/standalone.html")
async def standalone(request: Request) -> Response:
    """The page's query (program, values, σ, step, precision, language) as one self-contained download."""
    state = parse_state(request.query_params, request.headers.get("accept-language"))
    view = {"step": state["step"], "prec": state["prec"]}
    args = (state["expr"], state["v"], state["sig"], state["lang"], view)
    html = await heavy_work.run(standalone_html, *args) if is_heavy(state["expr"]) else standalone_html(*args)
    headers = {"Content-Disposition": ATTACHMENT, "Cache-Control": "no-store"}
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)
