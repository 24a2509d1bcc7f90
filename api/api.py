"""The /api/v1/ NinjaAPI: token auth on every operation, our error bodies, our docs page."""

from __future__ import annotations

from ninja import NinjaAPI

from api import errors
from api.auth import TokenAuth
from api.endpoints import applications, balance, history, reports, vetting

DESCRIPTION = """\
Bidbook's JSON API: the same services as the pages, for the browser extension, the bookmarklet's
capture page and your own scripts.

Authenticate with `Authorization: Bearer <token>`; make a token in Bidbook under
**Settings → API tokens**, or with `manage.py create_api_token --user USERNAME`. Another user's
object is a 404. Errors are JSON with a `detail` sentence, and for bad input (422) an `errors`
object with one message per field. Each token may make `API_RATE_LIMIT` requests every
`API_RATE_WINDOW` seconds; past that, 429 with `Retry-After`.
"""

api = NinjaAPI(
    title="Bidbook API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # served by api.views.docs from our own static files (no CDN, strict CSP)
)
errors.install(api)
api.add_router("", vetting.router)
api.add_router("", balance.router)
api.add_router("", applications.router)
api.add_router("", history.router)
api.add_router("", reports.router)
