"""How /api/v1/ answers when it cannot do what was asked: always JSON, always a sentence.

Every error body has ``detail`` (one sentence for a person); a 422 also has ``errors``, one
message per field, keyed by the field's path in the request (``items.3.text``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.auth import MISSING, RateLimited, Unauthorized
from config.limits import MB

logger = logging.getLogger(__name__)

# Where ninja says a value came from: not part of the field's name for the client.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class FieldErrors(Exception):
    """Input the schema accepted but the endpoint cannot: a message per field."""

    def __init__(self, errors: Mapping[str, str], detail: str | None = None) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)
        self.detail = detail or _summary(self.errors)


class Refused(Exception):
    """A write a service refused (VettingError, LedgerError, ...): its message, as a 422."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _summary(errors: Mapping[str, str]) -> str:
    if len(errors) == 1:
        field, message = next(iter(errors.items()))
        return f"{field}: {message}"
    return f"{len(errors)} fields need attention: {', '.join(errors)}."


def _field_name(loc: Iterable[Any], param_names: set[str]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # A body schema is one parameter ("payload"); its name is ours, not the client's.
    if parts and parts[0] in param_names:
        parts = parts[1:]
    return ".".join(parts) or "body"


# pydantic's words for a value of the wrong type, in ours.
_TYPE_MESSAGES = {
    "missing": "This field is required.",
    "json_invalid": "The body is not valid JSON.",
    "string_type": "Give text (a JSON string).",
    "bool_parsing": "Use true or false.",
    "bool_type": "Use true or false.",
    "int_parsing": "Give a whole number.",
    "int_type": "Give a whole number.",
    "int_from_float": "Give a whole number.",
    "decimal_parsing": "Give an amount, like 250 or 99.50.",
    "decimal_type": "Give an amount, like 250 or 99.50.",
    "datetime_parsing": "Give a date and time in ISO 8601, like 2026-01-12T09:30:00Z.",
    "datetime_from_date_parsing": "Give a date and time in ISO 8601, like 2026-01-12T09:30:00Z.",
    "datetime_type": "Give a date and time in ISO 8601, like 2026-01-12T09:30:00Z.",
    "date_parsing": "Give a date as YYYY-MM-DD, like 2026-01-12.",
    "date_from_datetime_parsing": "Give a date as YYYY-MM-DD, like 2026-01-12.",
    "list_type": "Give a list.",
    "dict_type": "Give an object.",
    "model_type": "Give an object.",
    "model_attributes_type": "Give an object.",
}


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    text = str(error.get("msg", "is not valid"))
    # pydantic prefixes the messages of our own validators.
    for prefix in ("Value error, ", "Assertion failed, "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def per_field(errors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for error in errors:
        name = _field_name(error.get("loc", ()), {"payload", "filters"})
        out[name] = f"{out[name]} {_message(error)}" if name in out else _message(error)
    return out


def _json(api: NinjaAPI, request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    return api.create_response(request, body, status=status)


def install(api: NinjaAPI) -> None:
    """Register every handler on ``api``."""

    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = per_field(exc.errors)
        return _json(api, request, {"detail": _summary(errors), "errors": errors}, 422)

    @api.exception_handler(FieldErrors)
    def field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
        return _json(api, request, {"detail": exc.detail, "errors": exc.errors}, 422)

    @api.exception_handler(Refused)
    def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
        errors = {exc.field: exc.message} if exc.field else {}
        return _json(api, request, {"detail": exc.message, "errors": errors}, 422)

    @api.exception_handler(Unauthorized)
    def unauthorized(request: HttpRequest, exc: Unauthorized) -> HttpResponse:
        response = _json(api, request, {"detail": exc.message, "code": exc.code}, 401)
        response["WWW-Authenticate"] = 'Bearer realm="bidbook"'
        return response

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _json(api, request, {"detail": MISSING, "code": "token_missing"}, 401)
        response["WWW-Authenticate"] = 'Bearer realm="bidbook"'
        return response

    @api.exception_handler(RateLimited)
    def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        seconds = exc.retry_after
        body = {
            "detail": f"Too many requests with this token: try again in {seconds} seconds.",
            "retry_after": seconds,
        }
        response = _json(api, request, body, 429)
        response["Retry-After"] = str(seconds)
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # The same answer whether the object is another user's or does not exist at all.
        return _json(api, request, {"detail": "Not found."}, 404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        from django.conf import settings

        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / MB
        body = {"detail": f"The request is over {limit:.0f} MB, the most Bidbook reads."}
        return _json(api, request, body, 413)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
            detail = 'The body is not valid JSON: send an object like {"text": "..."}.'
        return _json(api, request, {"detail": detail}, exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The request's transaction must not commit half of what the failed call wrote.
        logger.exception("API request failed: %s %s", request.method, request.path)
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        body = {"detail": "Something went wrong on Bidbook's side; it was logged. Try again."}
        return _json(api, request, body, 500)
