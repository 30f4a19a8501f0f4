"""Every failure leaves the service in one shape: {"error": {"message", "line", "column", "code", "params"}}.

`code` and `params` name a common program mistake so the page can say it in the student's language; they are
null and {} for every other failure.
"""

import logging
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from ..engine import EngineError
from .encoding import dumps
from .heavywork import Busy, EngineFailure

log = logging.getLogger("circuitgrad")

ENGINE_ERROR_STATUS = 400


def error_response(status: int, message: str, line=None, column=None, headers=None, code=None, params=None):
    detail = {"message": message, "line": line, "column": column, "code": code, "params": params or {}}
    return Response(
        dumps({"error": detail}), status_code=status, media_type="application/json", headers=headers
    )


async def engine_error(request: Request, exc: EngineError) -> Response:
    """The one translation of the engine's error family (parse, evaluation, limits) into HTTP."""
    return error_response(
        ENGINE_ERROR_STATUS, exc.message, exc.line, exc.column, code=exc.code, params=exc.params
    )


async def engine_failure(request: Request, exc: EngineFailure) -> Response:
    """An engine error from the heavy-work helper process, already in its JSON shape."""
    return error_response(ENGINE_ERROR_STATUS, **exc.detail)


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = exc.errors()
    message = "; ".join(_describe(e) for e in errors[:5]) or "invalid request"
    return error_response(422, message)


def http_error(error_page: Callable[[Request, int, str], Response]):
    """The handler of HTTP errors: a browser asking for a missing page gets `error_page`, the rest JSON."""

    async def handle(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404 and _wants_html(request):
            return error_page(request, exc.status_code, "There is no page at this address.")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))

    return handle


def busy_error(error_page: Callable[[Request, int, str], Response]):
    """The handler of Busy: 503 with Retry-After, as a page for a browser's page request, else JSON."""

    async def handle(request: Request, exc: Busy) -> Response:
        headers = {"Retry-After": str(exc.retry_after)}
        if _wants_html(request):
            response = error_page(request, 503, str(exc))
            response.headers.update(headers)
            return response
        return error_response(503, str(exc), headers=headers)

    return handle


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """A 5xx is always a bug: log it with its traceback, answer in the usual shape."""
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "internal error: this is a bug in circuitgrad")


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def install(app: FastAPI, error_page: Callable[[Request, int, str], Response]) -> None:
    """Route every failure to one of the handlers above; `error_page` renders the HTML 404 page."""
    app.add_exception_handler(EngineError, engine_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error(error_page))
    app.add_exception_handler(Busy, busy_error(error_page))
    app.add_exception_handler(EngineFailure, engine_failure)
    app.add_exception_handler(Exception, unexpected_error)
