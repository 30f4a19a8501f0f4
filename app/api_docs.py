"""The interactive API documentation at /docs, served from this machine (Swagger UI vendored, no CDN)."""

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from .static_files import static_url

SWAGGER_UI = "vendor/swagger-ui-5.35.0"
router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def docs(request: Request) -> HTMLResponse:
    """Swagger UI for /openapi.json; it works offline, in a classroom without internet."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} API",
        swagger_js_url=static_url(f"{SWAGGER_UI}/swagger-ui-bundle.js"),
        swagger_css_url=static_url(f"{SWAGGER_UI}/swagger-ui.css"),
        swagger_favicon_url=static_url(f"{SWAGGER_UI}/favicon-32x32.png"),
    )
