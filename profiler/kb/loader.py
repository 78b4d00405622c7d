"""Load the knowledge base, validate it against its schema, and refuse it when invalid.

Validation (JSON Schema plus cross-references) takes longer than reading the KB, so a
successful validation is remembered by content hash (profiler/kb/cache.py); the KB itself
is read and parsed from its files on every run. `profiler kb validate` always validates.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import logging
from pathlib import Path
from typing import Any

from profiler.errors import InputError, KnowledgeBaseError
from profiler.io.files import MiB, read_input_bytes
from profiler.kb.build import build_knowledgebase
from profiler.kb.cache import is_marked_valid, mark_valid, validity_marker
from profiler.kb.entries import KnowledgeBase, agent_id
from profiler.resources import data_dir
from profiler.schemas import error_location, schema_errors

log = logging.getLogger(__name__)

KB_FILE_LIMIT = 16 * MiB  # each KB file; the bundled ones are well under 1 MiB

KB_FILES = (
    "manifest",
    "genes",
    "hotspots",
    "alterations",
    "assemblies",
    "thresholds",
    "standard_therapy",
    "trials",
    "agents",
)


@functools.cache
def _yaml_loader() -> type:
    """libyaml's CSafeLoader (else SafeLoader), keeping ISO dates as strings.

    Built once per process, on first use.
    """
    import yaml

    class StringDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        """SafeLoader that keeps ISO dates as strings: the schema and the report want text."""

    StringDateLoader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return StringDateLoader


def default_kb_dir() -> Path:
    return data_dir("knowledgebase")


def read_kb_document(kb_dir: Path) -> dict[str, Any]:
    """Read every KB file into one document keyed by file stem."""
    return _read(kb_dir)[0]


class _NamedText(io.StringIO):
    """The text of a file, named like the file so YAML errors still say which one."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name


def _read(kb_dir: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The document, and the bytes it was parsed from (read once, for the validity key)."""
    files = _read_files(kb_dir)
    return _parse(kb_dir, files), files


def _read_files(kb_dir: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for stem in KB_FILES:
        path = kb_dir / f"{stem}.yaml"
        if not path.exists():
            _parse(kb_dir, files)  # a file before it that is not YAML is reported first
            raise KnowledgeBaseError(f"{path}: knowledge-base file is missing")
        try:
            files[stem] = read_input_bytes(path, KB_FILE_LIMIT)  # regular, bounded, no blocking
        except InputError as exc:
            raise KnowledgeBaseError(f"{path}: knowledge-base file {exc.reason}") from exc
    return files


def _parse(kb_dir: Path, files: dict[str, bytes]) -> dict[str, Any]:
    import yaml

    loader = _yaml_loader()
    document: dict[str, Any] = {}
    for stem, data in files.items():
        path = kb_dir / f"{stem}.yaml"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise KnowledgeBaseError(
                f"{path}: not UTF-8 text (bad byte at offset {exc.start})"
            ) from exc
        # what open(path, encoding="utf-8") would give: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        try:
            document[stem] = yaml.load(_NamedText(text, str(path)), Loader=loader)
        except yaml.YAMLError as exc:
            raise KnowledgeBaseError(f"{path}: not valid YAML: {exc}") from exc
        except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, deep nesting
            raise KnowledgeBaseError(f"{path}: not usable YAML ({exc})") from exc
    return document


def validation_errors(document: dict[str, Any]) -> list[str]:
    """Every schema violation and broken cross-reference, as readable lines."""
    errors = [
        f"{error_location(error) or '<root>'}: {error.message}"
        for error in schema_errors("knowledgebase", document)
    ]
    if errors:
        return errors
    return _cross_reference_errors(document)


def _cross_reference_errors(document: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    genes = {g["symbol"] for g in document["genes"]["genes"]}
    pseudo_genes = {"MSI", "TMB", "HER2", "MMR"}
    for section, key in (("hotspots", "hotspots"), ("alterations", "alterations")):
        seen: set[str] = set()
        for entry in document[section][key]:
            if entry["id"] in seen:
                errors.append(f"{section}/{entry['id']}: duplicate id")
            seen.add(entry["id"])
            if entry["gene"] not in genes and not (
                section == "alterations"
                and entry["category"] == "biomarker"
                and entry["gene"] in pseudo_genes
            ):
                errors.append(f"{section}/{entry['id']}: gene {entry['gene']} is not in genes.yaml")
    known_agents = {a["id"] for a in document["agents"]["agents"]}
    for alias in document["agents"]["regimen_aliases"]:
        errors.extend(
            f"agents/{alias['names'][0]}: agent {agent} is not in agents.yaml"
            for agent in alias["agents"]
            if agent not in known_agents
        )
    for regimen in document["standard_therapy"]["regimens"]:
        errors.extend(
            f"standard_therapy/{regimen['id']}: agent {agent} is not in agents.yaml"
            for agent in regimen["agents"]
            if agent not in known_agents
        )
    for alteration in document["alterations"]["alterations"]:
        for therapy in alteration["therapies"]:
            errors.extend(
                f"alterations/{alteration['id']}: agent {name} is not in agents.yaml"
                for name in therapy["agents"]
                if agent_id(name) not in known_agents
            )
            if therapy["fda"]["status"] == "withdrawn" and therapy.get("oncokb_level"):
                errors.append(
                    f"alterations/{alteration['id']}: withdrawn therapy "
                    f"{'+'.join(therapy['agents'])} still carries an OncoKB level"
                )
    return errors


def load_knowledgebase(kb_dir: Path | None = None) -> KnowledgeBase:
    """Load and validate the KB; raise KnowledgeBaseError listing every problem."""
    kb_dir = Path(kb_dir) if kb_dir is not None else default_kb_dir()
    if not kb_dir.is_dir():
        raise KnowledgeBaseError(f"{kb_dir}: knowledge-base directory not found")
    files = _read_files(kb_dir)
    # always parsed from the KB's own files: the cache only says these bytes validated
    document = _parse(kb_dir, files)
    marker = validity_marker(files)
    if marker is not None and is_marked_valid(marker):
        return _with_digest(build_knowledgebase(document, kb_dir), files)
    errors = validation_errors(document)
    if errors:
        shown = "; ".join(errors[:5]) + (f" (+{len(errors) - 5} more)" if len(errors) > 5 else "")
        raise KnowledgeBaseError(f"{kb_dir}: knowledge base is invalid: {shown}")
    if marker is not None:
        mark_valid(marker, kb_dir)
    return _with_digest(build_knowledgebase(document, kb_dir), files)


def _with_digest(kb: KnowledgeBase, files: dict[str, bytes]) -> KnowledgeBase:
    """The KB with the SHA-256 of its files (each name and its bytes, in name order)."""
    digest = hashlib.sha256()
    for stem in sorted(files):
        data = files[stem]
        digest.update(f"{stem}\0{len(data)}\0".encode())
        digest.update(data)
    return dataclasses.replace(kb, content_sha256=digest.hexdigest())
