"""Complete the generated OpenAPI document with what happens around every endpoint.

django-ninja documents the success responses; the error answers (RFC 9457
problem documents), 304 and the validators come from ``api/protocol.py`` and
``api/items.py``, so they are added here — a client, and schemathesis, can then
rely on every status code and media type the server really sends.
"""

from __future__ import annotations

from typing import Any

from .items import NEEDS_IF_MATCH
from .schemas import Problem

PROBLEM = "application/problem+json"
DESCRIPTIONS = {
    "304": "Not modified: your copy (If-None-Match / If-Modified-Since) is current.",
    "400": "Bad request: a malformed address, query, size or JSON body.",
    "401": "The API token is missing or not valid.",
    "403": "You may not see or change this (another club's data).",
    "404": "Nothing at this address.",
    "406": "None of the media types in Accept can be produced (this API speaks JSON).",
    "409": "Clashes with existing data, or someone saved the item between read and write.",
    "412": "Precondition failed: the item changed since the ETag in If-Match.",
    "413": "The request body is too large.",
    "415": "The body is not JSON (send Content-Type: application/json).",
    "422": "Invalid values; `errors` names each field.",
    "428": "This needs If-Match: GET it first and send its ETag.",
    "429": "Too many requests: wait the seconds in Retry-After, then try again.",
}
READ_ONE = ["304", "400", "401", "403", "404", "406", "429"]
READ_LIST = ["304", "400", "401", "403", "406", "429"]
WRITE = ["400", "401", "403", "404", "406", "409", "412", "413", "415", "422", "429"]
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the rate limit lets this client in again.",
        "schema": {"type": "string"},
    }
}
VALIDATORS = {
    "ETag": {
        "description": "A strong validator of this representation.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {"description": "When the data last changed.", "schema": {"type": "string"}},
}


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "The ETag of a GET of this item: you change what you read (else 412).",
    "schema": {"type": "string"},
}


def document_http_behaviour(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            codes = (READ_LIST if "{" not in path else READ_ONE) if method == "get" else WRITE
            if operation.get("operationId") in NEEDS_IF_MATCH:
                codes = [*codes, "428"]
                operation.setdefault("parameters", []).append(IF_MATCH)
            for parameter in operation.get("parameters", []):
                # OpenAPI wants a map here; the list form stays in the parameter's schema.
                if isinstance(parameter.get("examples"), list):
                    del parameter["examples"]
            # ninja keys responses by int; JSON turns them into strings anyway.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for code, answer in responses.items():
                if str(code).startswith("2") and method != "delete":
                    answer.setdefault("headers", {}).update(VALIDATORS)
            for code in codes:
                if code == "304":
                    responses[code] = {"description": DESCRIPTIONS[code]}
                else:
                    responses[code] = {
                        "description": DESCRIPTIONS[code],
                        "content": {PROBLEM: {"schema": ref}},
                    }
                if code == "429":
                    responses[code]["headers"] = RETRY_AFTER
