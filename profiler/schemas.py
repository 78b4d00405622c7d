"""JSON Schema validation shared by the case reader, the KB loader and the JSON renderer.

jsonschema (Draft 2020-12, with its format checker) is the authority: every error a
caller sees comes from it, and each schema's jsonschema validator is built once per
process. Importing jsonschema and building a validator costs ~0.1 s, a fifth of an
indexed JSON-only report run, so a document is first given to a small checker compiled
here from the same schema (once per process, ~3 ms). It knows the keywords our schemas
use and answers only where it answers exactly as jsonschema would; when it finds the
document valid, jsonschema would find no error either and is not imported. In every
other case (an invalid document, a value the checker is unsure of, a schema with a
keyword it does not know) jsonschema validates the document, as before, and its errors
are the ones reported. tests/test_schema_precheck.py compares the two on a thousand
altered documents.
"""

from __future__ import annotations

import datetime
import functools
import json
import numbers
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from profiler.resources import schema_path

if TYPE_CHECKING:
    import jsonschema


@functools.cache
def _schema(name: str) -> Any:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(
        _schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(name: str, document: Any) -> list[jsonschema.ValidationError]:
    """Every violation of schemas/<name>.schema.json, in document order (empty when valid)."""
    if is_surely_valid(name, document):
        return []
    validator = _validator(name)
    return sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])


def error_location(error: jsonschema.ValidationError) -> str | None:
    """'findings/0/tier' for an error inside the document, None at its root."""
    return "/".join(str(p) for p in error.absolute_path) or None


def is_surely_valid(name: str, document: Any) -> bool:
    """True only when jsonschema would find no error in `document` (False: ask jsonschema)."""
    check = _precheck(name)
    if check is None:
        return False
    try:
        return check(document)
    except Exception:  # _Undecided, or a value jsonschema may handle differently
        return False


# ------------------------------------------------------------------ the pre-check
#
# Each schema node compiles to a function instance -> bool that answers exactly as
# jsonschema's Draft202012Validator(..., format_checker=FORMAT_CHECKER).is_valid would
# for that node, or raises _Undecided. Exactness (not merely "at least as strict")
# matters because `not`, `if` and `oneOf` turn a too-strict answer into a too-lenient
# one. The type tests below are jsonschema's own (draft 2020-12 type checker).

Check = Callable[[Any], bool]


class _Undecided(Exception):
    """The pre-check cannot answer exactly as jsonschema would: let jsonschema decide."""


class _Unsupported(Exception):
    """The schema uses something the pre-check does not implement: never pre-check it."""


_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

# Keywords without effect on validity (annotations), plus those compiled with a sibling.
_IGNORED = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$defs",
        "then",
        "else",
        "patternProperties",  # compiled with additionalProperties (below)
    }
)


def _is_array(x: Any) -> bool:
    return isinstance(x, list)


def _is_object(x: Any) -> bool:
    return isinstance(x, dict)


def _is_string(x: Any) -> bool:
    return isinstance(x, str)


def _is_number(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Number)


def _is_integer(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


_TYPES: dict[str, Check] = {
    "array": _is_array,
    "boolean": lambda x: isinstance(x, bool),
    "integer": _is_integer,
    "null": lambda x: x is None,
    "number": _is_number,
    "object": _is_object,
    "string": _is_string,
}


def _is_scalar(x: Any) -> bool:
    """Schema values the pre-check compares with: null, booleans, strings, integers."""
    return x is None or isinstance(x, (str, bool)) or type(x) is int


def _equal(instance: Any, value: Any) -> bool:
    """jsonschema's `equal(instance, value)` for a scalar `value` (True is not 1)."""
    if value is None or isinstance(value, bool):
        return instance is value
    if isinstance(value, str):
        if isinstance(instance, str):
            return instance == value
    elif isinstance(instance, bool):
        return False
    elif type(instance) in (int, float):
        return instance == value
    if instance is None or isinstance(instance, (str, bool, int, float, list, dict)):
        return False
    raise _Undecided  # some other Python type: its == may differ


_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
# RFC 3339 date-time, upper-case T and Z, seconds 00-59: every validator accepts these.
_RE_DATE_TIME = re.compile(
    r"([0-9]{4})-(0[1-9]|1[0-2])-([0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])",
    re.ASCII,
)


def _surely_date(text: str) -> bool:
    try:
        return bool(_RE_DATE.fullmatch(text) and datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _surely_date_time(text: str) -> bool:
    m = _RE_DATE_TIME.fullmatch(text)
    if not m:
        return False
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


# Formats whose valid strings the pre-check can recognise. Whether jsonschema checks a
# format at all depends on what is installed (date-time needs rfc3339-validator), so a
# string these do not vouch for is undecided rather than invalid.
_FORMATS: dict[str, Callable[[str], bool]] = {
    "date": _surely_date,
    "date-time": _surely_date_time,
}


class _Compiler:
    def __init__(self, root: Any) -> None:
        if not isinstance(root, dict) or root.get("$schema") != _DRAFT_2020_12:
            raise _Unsupported("not a draft 2020-12 schema")
        self.root = root
        self.by_pointer: dict[str, Check] = {}

    def ref(self, ref: str) -> Check:
        if not isinstance(ref, str) or not ref.startswith("#") or "%" in ref:
            raise _Unsupported(f"$ref {ref!r}")
        pointer = ref[1:]
        if pointer in self.by_pointer:
            return self.by_pointer[pointer]
        target = self.root
        if pointer:
            if not pointer.startswith("/"):
                raise _Unsupported(f"$ref {ref!r}")  # an anchor
            for token in pointer[1:].split("/"):
                token = token.replace("~1", "/").replace("~0", "~")
                if isinstance(target, dict) and token in target:
                    target = target[token]
                elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
                    target = target[int(token)]
                else:
                    raise _Unsupported(f"$ref {ref!r} points nowhere")
        compiled: list[Check] = []

        def deferred(instance: Any) -> bool:  # refs may be recursive: compiled on first use
            return compiled[0](instance)

        self.by_pointer[pointer] = deferred
        compiled.append(self.node(target, is_root=not pointer))
        return compiled[0]

    def node(self, schema: Any, *, is_root: bool = False) -> Check:
        if schema is True:
            return lambda instance: True
        if schema is False:
            return lambda instance: False
        if not isinstance(schema, dict):
            raise _Unsupported(f"schema {schema!r}")
        checks: list[Check] = []
        for key, value in schema.items():
            if key in _IGNORED:
                continue
            if key in ("$schema", "$id"):
                if not is_root:
                    raise _Unsupported(f"{key} inside the schema")
                continue
            build = _KEYWORDS.get(key)
            if build is None:
                raise _Unsupported(f"keyword {key!r}")
            checks.append(build(self, value, schema))
        if "patternProperties" in schema and "additionalProperties" not in schema:
            checks.append(self.k_additionalProperties(True, schema))
        if not checks:
            return lambda instance: True
        if len(checks) == 1:
            return checks[0]
        return lambda instance: all(check(instance) for check in checks)

    def many(self, schemas: Any) -> list[Check]:
        if not isinstance(schemas, list) or not schemas:
            raise _Unsupported("a non-empty list of schemas is expected")
        return [self.node(s) for s in schemas]

    # -- keywords: each returns the check for its node

    def k_ref(self, value: Any, schema: dict) -> Check:
        return self.ref(value)

    def k_type(self, value: Any, schema: dict) -> Check:
        names = value if isinstance(value, list) else [value]
        if not names or any(n not in _TYPES for n in names):
            raise _Unsupported(f"type {value!r}")
        tests = [_TYPES[n] for n in names]
        return lambda instance: any(test(instance) for test in tests)

    def k_enum(self, value: Any, schema: dict) -> Check:
        if not isinstance(value, list) or not all(_is_scalar(v) for v in value):
            raise _Unsupported("enum of non-scalar values")
        return lambda instance: any(_equal(instance, v) for v in value)

    def k_const(self, value: Any, schema: dict) -> Check:
        if not _is_scalar(value):
            raise _Unsupported("const of a non-scalar value")
        return lambda instance: _equal(instance, value)

    def k_properties(self, value: Any, schema: dict) -> Check:
        if not isinstance(value, dict):
            raise _Unsupported("properties")
        subs = [(name, self.node(sub)) for name, sub in value.items()]

        def check(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            return all(sub(instance[name]) for name, sub in subs if name in instance)

        return check

    def k_additionalProperties(self, value: Any, schema: dict) -> Check:
        known = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        if not isinstance(known, dict) or not isinstance(patterns, dict):
            raise _Unsupported("properties")
        pattern_checks = [(re.compile(p), self.node(sub)) for p, sub in patterns.items()]
        joined = re.compile("|".join(patterns)) if patterns else None  # as jsonschema joins
        extra = self.node(value)

        def check(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for key, item in instance.items():
                for regex, sub in pattern_checks:
                    if regex.search(key) and not sub(item):
                        return False
                if key in known or (joined is not None and joined.search(key)):
                    continue
                if not extra(item):
                    return False
            return True

        return check

    def k_required(self, value: Any, schema: dict) -> Check:
        if not isinstance(value, list):
            raise _Unsupported("required")
        return lambda instance: (
            not isinstance(instance, dict) or all(name in instance for name in value)
        )

    def _size(self, value: Any, test: Check, at_least: bool) -> Check:
        if type(value) is not int:
            raise _Unsupported("a size must be an integer")
        if at_least:
            return lambda instance: not test(instance) or len(instance) >= value
        return lambda instance: not test(instance) or len(instance) <= value

    def k_minLength(self, value: Any, schema: dict) -> Check:
        return self._size(value, _is_string, True)

    def k_maxLength(self, value: Any, schema: dict) -> Check:
        return self._size(value, _is_string, False)

    def k_minItems(self, value: Any, schema: dict) -> Check:
        return self._size(value, _is_array, True)

    def k_maxItems(self, value: Any, schema: dict) -> Check:
        return self._size(value, _is_array, False)

    def k_minProperties(self, value: Any, schema: dict) -> Check:
        return self._size(value, _is_object, True)

    def k_maxProperties(self, value: Any, schema: dict) -> Check:
        return self._size(value, _is_object, False)

    def _bound(self, value: Any, holds: Callable[[Any, Any], bool]) -> Check:
        if isinstance(value, bool) or type(value) not in (int, float):
            raise _Unsupported("a bound must be a number")

        def check(instance: Any) -> bool:
            if not _is_number(instance):
                return True
            if type(instance) not in (int, float):
                raise _Undecided  # Decimal, Fraction...: compare as jsonschema would
            return holds(instance, value)

        return check

    def k_minimum(self, value: Any, schema: dict) -> Check:
        return self._bound(value, lambda x, v: not x < v)

    def k_maximum(self, value: Any, schema: dict) -> Check:
        return self._bound(value, lambda x, v: not x > v)

    def k_exclusiveMinimum(self, value: Any, schema: dict) -> Check:
        return self._bound(value, lambda x, v: not x <= v)

    def k_exclusiveMaximum(self, value: Any, schema: dict) -> Check:
        return self._bound(value, lambda x, v: not x >= v)

    def k_pattern(self, value: Any, schema: dict) -> Check:
        regex = re.compile(value)
        return lambda instance: not isinstance(instance, str) or bool(regex.search(instance))

    def k_format(self, value: Any, schema: dict) -> Check:
        surely = _FORMATS.get(value)
        if surely is None:
            raise _Unsupported(f"format {value!r}")

        def check(instance: Any) -> bool:
            if not isinstance(instance, str) or surely(instance):
                return True
            raise _Undecided

        return check

    def k_items(self, value: Any, schema: dict) -> Check:
        if "prefixItems" in schema:
            raise _Unsupported("prefixItems")
        sub = self.node(value)
        return lambda instance: not isinstance(instance, list) or all(sub(x) for x in instance)

    def k_contains(self, value: Any, schema: dict) -> Check:
        if "minContains" in schema or "maxContains" in schema:
            raise _Unsupported("minContains/maxContains")
        sub = self.node(value)
        return lambda instance: not isinstance(instance, list) or any(sub(x) for x in instance)

    def k_uniqueItems(self, value: Any, schema: dict) -> Check:
        if not isinstance(value, bool):
            raise _Unsupported("uniqueItems")

        def check(instance: Any) -> bool:
            if not value or not isinstance(instance, list):
                return True
            if not all(isinstance(x, str) for x in instance):
                raise _Undecided  # jsonschema's equality across types is subtler
            return len(set(instance)) == len(instance)

        return check

    def k_allOf(self, value: Any, schema: dict) -> Check:
        subs = self.many(value)
        return lambda instance: all(sub(instance) for sub in subs)

    def k_anyOf(self, value: Any, schema: dict) -> Check:
        subs = self.many(value)
        return lambda instance: any(sub(instance) for sub in subs)

    def k_oneOf(self, value: Any, schema: dict) -> Check:
        subs = self.many(value)
        return lambda instance: sum(1 for sub in subs if sub(instance)) == 1

    def k_not(self, value: Any, schema: dict) -> Check:
        sub = self.node(value)
        return lambda instance: not sub(instance)

    def k_if(self, value: Any, schema: dict) -> Check:
        condition = self.node(value)
        then = self.node(schema["then"]) if "then" in schema else None
        otherwise = self.node(schema["else"]) if "else" in schema else None

        def check(instance: Any) -> bool:
            branch = then if condition(instance) else otherwise
            return branch is None or branch(instance)

        return check


# keyword -> its method: "$ref" -> k_ref, "if" -> k_if, ...
_KEYWORDS: dict[str, Callable[[_Compiler, Any, dict], Check]] = {
    ("$ref" if attr == "k_ref" else attr[2:]): method
    for attr, method in vars(_Compiler).items()
    if attr.startswith("k_")
}


@functools.cache
def _precheck(name: str) -> Check | None:
    """The compiled pre-check of one schema, or None when the schema is beyond it."""
    try:
        return _Compiler(_schema(name)).ref("#")
    except Exception:  # _Unsupported, a bad pattern, a malformed schema: jsonschema alone
        return None
