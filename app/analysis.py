"""JSON endpoints behind the side panels: the numerical gradient check and the slope chart's curve."""

import math
from collections.abc import Iterable

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from .. import engine
from .encoding import dumps
from .errors import error_response
from .heavywork import heavy_work, is_heavy
from .request_models import CurveRequest, GradcheckRequest, parse_body, request_body_schema
from .response_models import ERROR_RESPONSES, CurveResponse, GradcheckResponse

router = APIRouter()
JSON = "application/json"
# Each input costs two more evaluations of the circuit; this keeps the worst request well under a second.
MAX_GRADCHECK_INPUTS = 64


def finite_or_none(values: Iterable[float]) -> list[float | None]:
    """Floats for JSON: a non-finite point becomes null, so the chart draws a gap there."""
    return [float(v) if math.isfinite(v) else None for v in values]


def check_row(row: dict) -> dict:
    """One engine row as JSON: non-finite numbers (a nudge left the domain) become null."""
    analytic, numeric, error = finite_or_none([row["analytic"], row["numeric"], row["relative_error"]])
    return {
        "name": row["name"],
        "analytic": analytic,
        "numeric": numeric,
        "relative_error": error,
        "ok": bool(row.get("ok", False)),
    }


def gradcheck_answer(body: GradcheckRequest) -> Response:
    """The gradient check's answer (engine errors propagate to the one handler)."""
    expand, seed = body.options.expand_sigmoid, body.options.seed
    inputs = engine.evaluate(body.expr, dict(body.values), expand_sigmoid=expand, seed=seed).gradients
    if len(inputs) > MAX_GRADCHECK_INPUTS:
        return error_response(
            400,
            f"the gradient check takes at most {MAX_GRADCHECK_INPUTS} inputs; this program has {len(inputs)}",
        )
    rows = engine.gradient_check(body.expr, dict(body.values), expand_sigmoid=expand, seed=seed)
    return Response(dumps({"checks": [check_row(row) for row in rows]}), media_type=JSON)


def curve_answer(body: CurveRequest) -> Response:
    """The curve's answer; the batch arrays are dropped before the JSON is sent."""
    xs = np.linspace(body.lo, body.hi, body.points)
    with np.errstate(all="ignore"):
        batch = engine.evaluate_batch(body.expr, {body.input: xs}, dict(body.values))
    if body.input not in batch.gradients:
        return error_response(400, f"{body.input} is not an input of this program")
    payload = {
        "x": [float(v) for v in xs],
        "f": finite_or_none(np.asarray(batch.values, dtype=float)),
        "dfdx": finite_or_none(np.asarray(batch.gradients[body.input], dtype=float)),
    }
    del batch  # a 5,000-gate tape at 1,000 points is hundreds of MB; free it before encoding the answer
    return Response(dumps(payload), media_type=JSON)


@router.post(
    "/api/gradcheck",
    response_model=GradcheckResponse,
    responses=ERROR_RESPONSES,
    openapi_extra=request_body_schema(GradcheckRequest),
    summary="Analytic gradients against centred differences, with their relative errors",
)
async def post_gradcheck(request: Request) -> Response:
    body = parse_body(GradcheckRequest, await request.body(), request.headers.get("content-type"))
    return await off_the_loop(gradcheck_answer, body)


@router.post(
    "/api/curve",
    response_model=CurveResponse,
    responses=ERROR_RESPONSES,
    openapi_extra=request_body_schema(CurveRequest),
    summary="f and its slope along one input, for the 'derivative is the slope' chart",
)
async def post_curve(request: Request) -> Response:
    body = parse_body(CurveRequest, await request.body(), request.headers.get("content-type"))
    return await off_the_loop(curve_answer, body)


async def off_the_loop(answer, body: GradcheckRequest | CurveRequest) -> Response:
    """A long program's check or curve in the bounded heavy-work pool (or 503); a short one in a thread."""
    if is_heavy(body.expr):
        return await heavy_work.run(answer, body)
    return await run_in_threadpool(answer, body)
