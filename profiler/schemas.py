"""JSON Schema validation shared by the case reader, the KB loader and the JSON renderer."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from profiler.resources import schema_path


def schema_errors(name: str, document: Any) -> list[jsonschema.ValidationError]:
    """Every violation of schemas/<name>.schema.json, in document order (empty when valid)."""
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])


def error_location(error: jsonschema.ValidationError) -> str | None:
    """'findings/0/tier' for an error inside the document, None at its root."""
    return "/".join(str(p) for p in error.absolute_path) or None
