"""JSON endpoints. Bodies are serialised once, by `service.dumps`, not by FastAPI's encoder (see README)."""

import json
import re
from functools import cache

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError

from ..engine import gate_registry
from . import __version__
from .errors import error_response
from .examples import EXAMPLES
from .schemas import ERROR_RESPONSES, Example, Gate, GraphRequest, GraphResponse, Health
from .service import dumps, render_graph_async
from .urlstate import parse_values

router = APIRouter()
JSON = "application/json"
JSON_TYPES = re.compile(r"^\s*application/([\w.+-]+\+)?json\s*(;|$)", re.IGNORECASE)
GRAPH_CACHE_CONTROL = "public, max-age=3600"


class DuplicateKeyError(ValueError):
    """A JSON object that names the same key twice (which value was meant is anyone's guess)."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    unique = dict(pairs)
    if len(unique) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return unique


def _invalid(kind: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": ("body",), "msg": message, "input": None}])


def parse_graph_request(raw: bytes, content_type: str | None) -> GraphRequest:
    """The body of POST /api/graph, parsed once: strict JSON, no duplicate keys, then the typed model."""
    # Parsed here rather than by a FastAPI body parameter: it halves the framework's work per request and
    # lets duplicate keys be refused. The OpenAPI document still names GraphRequest (main.document_models).
    if content_type and not JSON_TYPES.match(content_type):
        raise _invalid("content_type", "the body must be JSON (Content-Type: application/json)")
    try:
        data = json.loads(raw, object_pairs_hook=_unique_keys)
    except DuplicateKeyError as exc:
        raise _invalid("duplicate_key", f"duplicate key {str(exc)!r}") from None
    except (ValueError, RecursionError):
        raise _invalid("json_invalid", "the body is not valid JSON") from None
    try:
        return GraphRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from None


GRAPH_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {JSON: {"schema": {"$ref": "#/components/schemas/GraphRequest"}}},
    }
}


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
    response_model=GraphResponse,
    responses=ERROR_RESPONSES,
    openapi_extra=GRAPH_REQUEST_BODY,
    summary="Evaluate a program: values, gradients, circuit, animation steps and code",
)
async def post_graph(request: Request) -> Response:
    body = parse_graph_request(await request.body(), request.headers.get("content-type"))
    rendered = await render_graph_async(body.expr, body.values, body.options.expand_sigmoid)
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
    rendered = await render_graph_async(expr, values, sig)
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
