"""The OpenAPI description: public, valid, and naming every operation of the contract."""

from __future__ import annotations

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

CONTRACT = {
    ("post", "/api/v1/vet"),
    ("post", "/api/v1/vet/batch"),
    ("get", "/api/v1/vettings/{vetting_id}"),
    ("get", "/api/v1/balance"),
    ("get", "/api/v1/applications"),
    ("post", "/api/v1/applications"),
    ("patch", "/api/v1/applications/{application_id}"),
    ("post", "/api/v1/applications/{application_id}/outcome"),
    ("post", "/api/v1/history-imports"),
    ("post", "/api/v1/history-imports/{import_id}/confirm"),
    ("get", "/api/v1/reports/{month}"),
}


def _spec() -> dict[str, object]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    data: dict[str, object] = response.json()
    return data


def test_it_is_served_without_a_token_and_is_a_valid_openapi_document() -> None:
    spec = _spec()

    validate(spec)  # raises on an invalid document
    assert str(spec["openapi"]).startswith("3.")


def test_it_names_every_operation_of_the_contract() -> None:
    paths = _spec()["paths"]
    assert isinstance(paths, dict)

    operations = {(method, path) for path, item in paths.items() for method in item}

    assert operations >= CONTRACT


def test_every_operation_asks_for_the_bearer_token() -> None:
    spec = _spec()
    paths = spec["paths"]
    assert isinstance(paths, dict)

    schemes = spec["components"]["securitySchemes"]  # type: ignore[index]
    assert schemes == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    for item in paths.values():
        for operation in item.values():
            assert operation["security"] == [{"TokenAuth": []}]


def test_the_docs_page_is_served_from_our_own_static_files() -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"' in html
    assert '<script src="/static/js/api-docs.js"' in html
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    assert "<script>" not in html  # the CSP allows no inline script
    assert "https://" not in html  # no CDN
    assert "script-src 'self'" in response["Content-Security-Policy"]
