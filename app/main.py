"""The FastAPI application: `create_app()` builds it, `app` is the instance uvicorn serves."""

from fastapi import FastAPI
from pydantic import BaseModel

from . import __version__, analysis, api, api_docs, errors, pages, qr, standalone
from .compression import Compression
from .paths import STATIC_DIR
from .request_models import CurveRequest, GradcheckRequest, GraphRequest
from .security import MAX_BODY_BYTES, BodySizeLimit, SecurityHeaders
from .static_files import CachedStaticFiles

DESCRIPTION = (
    "Type an expression or a staged program; get its circuit of gates, forward values, gradients, "
    "the step-by-step backward pass and the staged forward/backward code."
)


def document_models(app: FastAPI, *models: type[BaseModel]) -> None:
    """Add request models that endpoints parse themselves to the OpenAPI components (see api.post_graph)."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = generate()
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            for model in models:
                schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
                for name, definition in schema.pop("$defs", {}).items():
                    components.setdefault(name, definition)
                components[model.__name__] = schema
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi


def outermost(app: FastAPI, middleware) -> None:
    """Wrap the whole stack, outside Starlette's own error middleware, so that even its 500s pass through."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: middleware(build())


def create_app(host: str | None = None, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """A fresh application: routers, static files, the error handlers and the security headers.

    `host` is the interface `circuitgrad serve` listens on; the QR code's share link needs to know it.
    """
    # The docs page is our own (api_docs.py): FastAPI's loads Swagger UI and ReDoc from a CDN.
    app = FastAPI(
        title="circuitgrad", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None
    )
    app.state.host = host
    app.include_router(api.router)
    app.include_router(analysis.router)
    app.include_router(pages.router)
    app.include_router(qr.router)
    app.include_router(standalone.router)
    app.include_router(api_docs.router)
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")
    errors.install(app, error_page=pages.render_error_page)
    document_models(app, GraphRequest, GradcheckRequest, CurveRequest)
    app.add_middleware(Compression)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    outermost(app, SecurityHeaders)
    return app


app = create_app()
