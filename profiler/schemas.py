"""JSON Schema validation shared by the case reader, the KB loader and the JSON renderer.

jsonschema (Draft 2020-12, with its format checker) is the only validator: every error a
caller sees comes from it. It is imported on first use, and each schema's validator is
built once per process.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

from profiler.resources import schema_path

if TYPE_CHECKING:
    import jsonschema


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(name: str, document: Any) -> list[jsonschema.ValidationError]:
    """Every violation of schemas/<name>.schema.json, in document order (empty when valid)."""
    validator = _validator(name)
    return sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])


def error_location(error: jsonschema.ValidationError) -> str | None:
    """'findings/0/tier' for an error inside the document, None at its root."""
    return "/".join(str(p) for p in error.absolute_path) or None
