"""JSON endpoints. Bodies are serialised once, by `service.dumps`, not by FastAPI's encoder (see README)."""

import json
from functools import cache

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from engine import gate_registry

from . import __version__
from .errors import error_response
from .examples import EXAMPLES
from .schemas import ERROR_RESPONSES, Example, Gate, GraphRequest, GraphResponse, Health
from .service import dumps, render_graph
from .urlstate import parse_values

router = APIRouter()
JSON = "application/json"
GRAPH_CACHE_CONTROL = "public, max-age=3600"


class DuplicateKeyError(ValueError):
    """A JSON object that names the same key twice (which value was meant is anyone's guess)."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise DuplicateKeyError(next(key for key in keys if keys.count(key) > 1))
    return dict(pairs)


async def reject_duplicate_keys(request: Request) -> None:
    """Refuse `{"expr": "x", "expr": "y"}`; FastAPI's own parser reports every other malformed body."""
    try:
        json.loads(await request.body(), object_pairs_hook=_unique_keys)
    except DuplicateKeyError as exc:
        error = {
            "type": "duplicate_key",
            "loc": ("body",),
            "msg": f"duplicate key {str(exc)!r}",
            "input": None,
        }
        raise RequestValidationError([error]) from None
    except (ValueError, RecursionError):
        return


class QueryValuesError(ValueError):
    """A malformed `v` query parameter of GET /api/graph."""


def parse_query_values(text: str) -> dict[str, float]:
    """`x:-2,y:5` → {"x": -2.0, "y": 5.0}, strictly: any malformed pair is an error."""
    pairs = [pair for pair in text.split(",") if pair.strip()]
    values = parse_values(text)
    if len(values) != len(pairs):
        raise QueryValuesError("v must look like x:-2,y:5 with finite numbers")
    return values


@router.post(
    "/api/graph",
    dependencies=[Depends(reject_duplicate_keys)],
    response_model=GraphResponse,
    responses=ERROR_RESPONSES,
    summary="Evaluate a program: values, gradients, circuit, animation steps and code",
)
async def post_graph(body: GraphRequest) -> Response:
    rendered = render_graph(body.expr, body.values, body.options.expand_sigmoid)
    return Response(rendered.body, media_type=JSON)


@router.get(
    "/api/graph",
    response_model=GraphResponse,
    responses={**ERROR_RESPONSES, 304: {"description": "unchanged (If-None-Match)"}},
    summary="The same as POST, from the query string, cacheable",
)
async def get_graph(
    request: Request,
    expr: str = Query(description="the program, URL-encoded"),
    v: str = Query("", description="input values, `x:-2,y:5,z:-4`"),
    sig: bool = Query(False, description="expand σ into its chain"),
) -> Response:
    try:
        values = parse_query_values(v)
    except QueryValuesError as exc:
        return error_response(422, str(exc))
    rendered = render_graph(expr, values, sig)
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
