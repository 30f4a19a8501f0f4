"""JSON endpoints behind the side panels: the numerical gradient check and the slope chart's curve."""

import math
from collections.abc import Iterable

import numpy as np
from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import engine
from .errors import error_response
from .schemas import ERROR_RESPONSES, MAX_VALUES, GraphOptions, Name, Number
from .service import dumps

router = APIRouter()
JSON = "application/json"
MAX_CURVE_POINTS = 1000
MAX_CURVE_SPAN = 1e6
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


class GradcheckRequest(BaseModel):
    """A program and the values at which to compare analytic and centred-difference gradients."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}]},
    )
    expr: str
    values: dict[Name, Number] = Field(default_factory=dict, max_length=MAX_VALUES)
    options: GraphOptions = Field(default_factory=GraphOptions)


class GradcheckRow(BaseModel):
    name: str
    analytic: float | None
    numeric: float | None
    relative_error: float | None = Field(description="|a − n| / max(|a|, |n|), null when undefined")
    ok: bool = Field(description="the engine's verdict: the two agree within its tolerance")


class GradcheckResponse(BaseModel):
    checks: list[GradcheckRow]


class CurveRequest(BaseModel):
    """f and ∂f/∂input along `points` evenly spaced values of one input in [lo, hi], the others fixed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}, "input": "x", "lo": -5, "hi": 1}
            ]
        },
    )
    expr: str
    values: dict[Name, Number] = Field(default_factory=dict, max_length=MAX_VALUES)
    input: Name
    lo: Number
    hi: Number
    points: int = Field(200, ge=2, le=MAX_CURVE_POINTS)

    @model_validator(mode="after")
    def _ordered(self) -> "CurveRequest":
        if not self.lo < self.hi:
            raise ValueError("lo must be less than hi")
        if self.hi - self.lo > MAX_CURVE_SPAN:
            raise ValueError(f"hi - lo must be at most {MAX_CURVE_SPAN:g}")
        return self


class CurveResponse(BaseModel):
    x: list[float]
    f: list[float | None]
    dfdx: list[float | None]


@router.post(
    "/api/gradcheck",
    response_model=GradcheckResponse,
    responses=ERROR_RESPONSES,
    summary="Analytic gradients against centred differences, with their relative errors",
)
def post_gradcheck(body: GradcheckRequest) -> Response:
    # A plain `def`: FastAPI runs it in its thread pool, so a heavy check never stalls the event loop.
    expand = body.options.expand_sigmoid
    inputs = engine.evaluate(body.expr, dict(body.values), expand_sigmoid=expand).gradients
    if len(inputs) > MAX_GRADCHECK_INPUTS:
        return error_response(
            400,
            f"the gradient check takes at most {MAX_GRADCHECK_INPUTS} inputs; this program has {len(inputs)}",
        )
    rows = engine.gradient_check(body.expr, dict(body.values), expand_sigmoid=expand)
    checks = [check_row(row) for row in rows]
    return Response(dumps({"checks": checks}), media_type=JSON)


@router.post(
    "/api/curve",
    response_model=CurveResponse,
    responses=ERROR_RESPONSES,
    summary="f and its slope along one input, for the 'derivative is the slope' chart",
)
def post_curve(body: CurveRequest) -> Response:
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
    return Response(dumps(payload), media_type=JSON)
