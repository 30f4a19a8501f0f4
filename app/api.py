"""The circuit's JSON endpoints. Bodies are serialised once, by `encoding.dumps`, not by FastAPI's encoder."""

from functools import cache

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..engine import gate_registry
from . import __version__
from .encoding import dumps
from .errors import error_response
from .evaluation import FORMS, render_graph_async
from .examples import EXAMPLES
from .request_models import MAX_SEED, GraphRequest, parse_body, request_body_schema
from .response_models import ERROR_RESPONSES, CompactGraphResponse, Example, Gate, GraphResponse, Health
from .urlstate import parse_values

router = APIRouter()
JSON = "application/json"
GRAPH_CACHE_CONTROL = "public, max-age=3600"


class QueryValuesError(ValueError):
    """A malformed `v` query parameter of GET /api/graph."""


def parse_query_values(text: str) -> dict[str, float]:
    """`x:-2,y:5` → {"x": -2.0, "y": 5.0}, strictly: any malformed pair is an error."""
    pairs = [pair for pair in text.split(",") if pair.strip()]
    values = parse_values(text)
    if len(values) != len(pairs):
        raise QueryValuesError("v must look like x:-2,y:5 with finite numbers")
    return values


FORM_DESCRIPTION = "`compact`: each number once, edges and steps left to the client (docs/contract.md)"
BAD_FORM = "form must be full or compact"


@router.post(
    "/api/graph",
    response_model=GraphResponse | CompactGraphResponse,
    responses=ERROR_RESPONSES,
    openapi_extra=request_body_schema(GraphRequest),
    summary="Evaluate a program: values, gradients, circuit, animation steps and code",
)
async def post_graph(request: Request, form: str = Query("full", description=FORM_DESCRIPTION)) -> Response:
    if form not in FORMS:
        return error_response(422, BAD_FORM)
    body = parse_body(GraphRequest, await request.body(), request.headers.get("content-type"))
    options = body.options
    rendered = await render_graph_async(body.expr, body.values, options.expand_sigmoid, options.seed, form)
    return Response(rendered.body, media_type=JSON)


@router.get(
    "/api/graph",
    response_model=GraphResponse | CompactGraphResponse,
    responses={**ERROR_RESPONSES, 304: {"description": "unchanged (If-None-Match)"}},
    summary="The same as POST, from the query string, cacheable",
)
async def get_graph(
    request: Request,
    expr: str = Query(description="the program, URL-encoded"),
    v: str = Query("", description="input values, `x:-2,y:5,z:-4`"),
    sig: bool = Query(False, description="expand σ into its chain"),
    seed: int = Query(0, ge=0, le=MAX_SEED, description="decides np.random.randn's numbers"),
    form: str = Query("full", description=FORM_DESCRIPTION),
) -> Response:
    if form not in FORMS:
        return error_response(422, BAD_FORM)
    try:
        values = parse_query_values(v)
    except QueryValuesError as exc:
        return error_response(422, str(exc))
    rendered = await render_graph_async(expr, values, sig, seed, form)
    headers = {"ETag": rendered.etag, "Cache-Control": GRAPH_CACHE_CONTROL}
    if _matches(request.headers.get("if-none-match"), rendered.etag):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type=JSON, headers=headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


@cache
def gates_body() -> bytes:
    return dumps(gate_registry())


@router.get("/api/gates", response_model=list[Gate], summary="The gate registry: symbols, LaTeX, patterns")
async def gates() -> Response:
    return Response(gates_body(), media_type=JSON, headers={"Cache-Control": "public, max-age=3600"})


@cache
def examples_body() -> bytes:
    return dumps(EXAMPLES)


@router.get("/api/examples", response_model=list[Example], summary="The gallery, the notes' circuits first")
async def examples() -> Response:
    return Response(examples_body(), media_type=JSON, headers={"Cache-Control": "public, max-age=3600"})


HEALTH_BODY = dumps({"status": "ok", "version": __version__})


@router.get("/healthz", response_model=Health, summary="Liveness probe")
async def healthz() -> Response:
    return Response(HEALTH_BODY, media_type=JSON, headers={"Cache-Control": "no-store"})


router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)  # for load balancers
