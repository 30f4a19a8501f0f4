"""Static files with caching that never serves a stale module: versioned URLs are cached for a year.

Every URL the pages hand out is `/static/v-<hash>/<path>`, where <hash> covers the content of every static
file; an ES module's relative imports (`./api.js`) resolve under the same prefix, so one version covers the
whole module graph. A new release changes the prefix, so browsers never mix old and new modules. Plain
`/static/<path>` still works, revalidated on every use (ETag, 304).
"""

import hashlib
import os
from pathlib import Path

from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from .paths import STATIC_DIR

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def content_version(folder: Path) -> str:
    """A short hash of every file's path and bytes under `folder`."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


STATIC_VERSION = content_version(STATIC_DIR)
VERSION_PREFIX = f"v-{STATIC_VERSION}"


def static_url(path: str) -> str:
    """The versioned URL of a static file, e.g. static_url("js/main.js")."""
    return f"/static/{VERSION_PREFIX}/{path.lstrip('/')}"


class CachedStaticFiles(StaticFiles):
    """StaticFiles that also answers under the version prefix, with a year's Cache-Control there."""

    async def get_response(self, path: str, scope: Scope):
        version, sep, rest = path.partition(os.sep)
        versioned = bool(sep) and version.startswith("v-")
        response = await super().get_response(rest if versioned else path, scope)
        current = versioned and version == VERSION_PREFIX
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if current else REVALIDATE
        return response
