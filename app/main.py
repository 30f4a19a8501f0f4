"""The FastAPI application: `create_app()` builds it, `app` is the instance uvicorn serves."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import __version__, api, api_extras, errors, pages, qr
from .paths import STATIC_DIR
from .security import MAX_BODY_BYTES, BodySizeLimit, SecurityHeaders

DESCRIPTION = (
    "Type an expression or a staged program; get its circuit of gates, forward values, gradients, "
    "the step-by-step backward pass and the staged forward/backward code."
)


def create_app(max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """A fresh application: routers, static files, the error handlers and the security headers."""
    app = FastAPI(title="circuitgrad", version=__version__, description=DESCRIPTION)
    app.include_router(api.router)
    app.include_router(api_extras.router)
    app.include_router(pages.router)
    app.include_router(qr.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: it also covers 413s
    return app


app = create_app()
