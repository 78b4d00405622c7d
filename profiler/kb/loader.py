"""Load the knowledge base, validate it against its schema, and refuse it when invalid.

Validation (JSON Schema plus cross-references) takes longer than reading the KB, so a
successful validation is remembered: a small marker file in
`${XDG_CACHE_HOME:-~/.cache}/profiler/`, named by a SHA-256 over the bytes of every KB
file, the schema, this module and schemas.py, and the profiler, jsonschema and PyYAML
versions. Only a valid result is ever written, so a KB that fails validation is refused
on every run, and any edit to a KB file (or to what validates it) validates afresh. When
the cache directory cannot be read or written, the KB is simply validated every time;
PROFILER_NO_KB_CACHE=1 turns the cache off. `profiler kb validate` always validates.

Beside the marker, under the same name, the parsed document is kept (marshal, with a
SHA-256 of its bytes): a run whose KB was validated before reads it instead of parsing
the YAML (~0.02 s, plus ~0.015 s to import PyYAML). The marker says these exact KB bytes
were valid; the document is what they parsed to, so it needs no validating either. A
missing, damaged or foreign (other Python) document only means parsing the YAML again.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from profiler import __version__
from profiler.errors import KnowledgeBaseError
from profiler.kb.codons import codons_from
from profiler.kb.entries import (
    Alteration,
    AssemblyInfo,
    Gene,
    GeneSpan,
    Guidance,
    Hotspot,
    HotspotLocus,
    KnowledgeBase,
    Regimen,
    Therapy,
    TrialCriterion,
    TrialEntry,
    references_from,
)
from profiler.resources import data_dir, schema_path
from profiler.schemas import error_location, schema_errors

log = logging.getLogger(__name__)

KB_FILES = (
    "manifest",
    "genes",
    "hotspots",
    "alterations",
    "assemblies",
    "thresholds",
    "standard_therapy",
    "trials",
)


@functools.cache
def _yaml_loader() -> type:
    """libyaml's CSafeLoader (else SafeLoader), keeping ISO dates as strings.

    PyYAML is imported here, on first use: a run that finds its KB document remembered
    does not need it.
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
        if not path.is_file():
            _parse(kb_dir, files)  # a file before it that is not YAML is reported first
            raise KnowledgeBaseError(f"{path}: knowledge-base file is missing")
        files[stem] = path.read_bytes()
    return files


def _parse(kb_dir: Path, files: dict[str, bytes]) -> dict[str, Any]:
    import yaml

    loader = _yaml_loader()
    document: dict[str, Any] = {}
    for stem, data in files.items():
        path = kb_dir / f"{stem}.yaml"
        # what open(path, encoding="utf-8") would give: UTF-8, universal newlines
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        try:
            document[stem] = yaml.load(_NamedText(text, str(path)), Loader=loader)
        except yaml.YAMLError as exc:
            raise KnowledgeBaseError(f"{path}: not valid YAML: {exc}") from exc
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
    for alteration in document["alterations"]["alterations"]:
        for therapy in alteration["therapies"]:
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
    marker = _validity_marker(files)
    if marker is not None and _is_marked_valid(marker):
        document = _remembered_document(marker)
        if document is None:
            document = _parse(kb_dir, files)
            _remember_document(marker, document)
        return _build(document, kb_dir)
    document = _parse(kb_dir, files)
    errors = validation_errors(document)
    if errors:
        shown = "; ".join(errors[:5]) + (f" (+{len(errors) - 5} more)" if len(errors) > 5 else "")
        raise KnowledgeBaseError(f"{kb_dir}: knowledge base is invalid: {shown}")
    if marker is not None:
        _remember_document(marker, document)
        _mark_valid(marker, kb_dir)
    return _build(document, kb_dir)


# ------------------------------------------------------ remembered validations

_MARKER_FORMAT = "profiler-kb-valid/1"


def _cache_dir() -> Path | None:
    if os.environ.get("PROFILER_NO_KB_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return root / "profiler"


def _validity_marker(files: dict[str, bytes]) -> Path | None:
    """The marker file that stands for "these exact bytes validated", or None (no cache)."""
    directory = _cache_dir()
    if directory is None:
        return None
    jsonschema_version = _distribution_version("jsonschema")
    if jsonschema_version is None:  # no cache rather than a wrong one
        return None
    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    yaml_version = _distribution_version("yaml", "PyYAML")
    if yaml_version is None:  # no dist-info to read it from: ask PyYAML itself
        import yaml

        yaml_version = yaml.__version__
    part("format", _MARKER_FORMAT.encode())
    part("versions", f"{__version__} {jsonschema_version} {yaml_version}".encode())
    part("loader", ("CSafeLoader" if _has_libyaml() else "SafeLoader").encode())
    try:
        for module in (Path(__file__), Path(__file__).parents[1] / "schemas.py"):
            part(module.name, module.read_bytes())
        part("schema", schema_path("knowledgebase").read_bytes())
    except OSError:
        return None
    for stem, data in files.items():
        part(stem, data)
    return directory / f"kb-valid-{digest.hexdigest()}.json"


def _package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _distribution_version(module: str, distribution: str | None = None) -> str | None:
    """The installed version of a package, from its dist-info folder's name.

    importlib.metadata would do, but importing it costs ~0.05 s; this finds the package
    without importing it and reads the version off `<distribution>-<version>.dist-info`
    beside it (`distribution` defaults to the module's name: jsonschema; PyYAML is yaml).
    """
    folder = _package_dir(module)
    if folder is None:
        return None
    name = distribution or module
    # installers spell the folder as the project does (PyYAML-6.0.1) or lower-cased
    # (pyyaml-6.0.3): match either
    pattern = "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in name)
    versions = [
        entry.name[len(name) + 1 : -len(".dist-info")]
        for entry in folder.parent.glob(f"{pattern}-*.dist-info")
    ]
    return versions[0] if len(versions) == 1 else None


def _has_libyaml() -> bool:
    """Does PyYAML carry its libyaml extension (yaml/_yaml.*), hence CSafeLoader?

    Read off the files, not `yaml.CSafeLoader`, so that the key is the same whether or
    not PyYAML has been imported already.
    """
    folder = _package_dir("yaml")
    return folder is not None and any(folder.glob("_yaml.*"))


def _is_marked_valid(marker: Path) -> bool:
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(content, dict) and content.get("marker") == marker.name


def _mark_valid(marker: Path, kb_dir: Path) -> None:
    """Write the marker (atomically); any failure only means validating again next time."""
    content = {"marker": marker.name, "format": _MARKER_FORMAT, "kb_dir": str(kb_dir)}
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        handle, staged = tempfile.mkstemp(dir=marker.parent, prefix=".kb-valid-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(content, out)
            os.replace(staged, marker)
        except BaseException:
            Path(staged).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.debug("knowledge-base validation not cached (%s)", exc)


# The parsed document, beside its marker: a header naming the format, the marshal and
# Python versions (marshal's format may change between Pythons) and the SHA-256 of the
# payload, then the marshalled document.
_DOCUMENT_FORMAT = "profiler-kb-document/1"


def _document_header() -> str:
    python = ".".join(map(str, sys.version_info[:2]))
    return f"{_DOCUMENT_FORMAT} marshal {marshal.version} python {python} sha256 "


def _document_path(marker: Path) -> Path:
    return marker.with_suffix(".marshal")


def _remembered_document(marker: Path) -> dict[str, Any] | None:
    """The document remembered for these KB bytes, or None (absent, damaged, foreign)."""
    try:
        data = _document_path(marker).read_bytes()
    except OSError:
        return None
    head, newline, payload = data.partition(b"\n")
    expected = _document_header().encode()
    if not newline or not head.startswith(expected):
        return None
    if head[len(expected) :] != hashlib.sha256(payload).hexdigest().encode():
        return None
    try:
        document = marshal.loads(payload)
    except Exception:  # ValueError, EOFError, TypeError: damaged after all
        return None
    if not isinstance(document, dict) or list(document) != list(KB_FILES):
        return None
    return document


def _remember_document(marker: Path, document: dict[str, Any]) -> None:
    """Write the parsed document (atomically); a failure only means parsing next time."""
    try:
        payload = marshal.dumps(document)
    except ValueError:  # not plain data: never expected from the safe loader
        return
    head = (_document_header() + hashlib.sha256(payload).hexdigest()).encode()
    target = _document_path(marker)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, staged = tempfile.mkstemp(dir=target.parent, prefix=".kb-document-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(head + b"\n" + payload)
            os.replace(staged, target)
        except BaseException:
            Path(staged).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.debug("knowledge-base document not cached (%s)", exc)


def _build(doc: dict[str, Any], kb_dir: Path) -> KnowledgeBase:
    manifest = doc["manifest"]
    genes = {
        g["symbol"]: Gene(
            symbol=g["symbol"],
            strand=g["strand"],
            mane_refseq=g["mane_select"].get("refseq"),
            mane_ensembl=g["mane_select"].get("ensembl"),
            transcript_status=g["mane_select"]["status"],
            other_transcripts=tuple(t["id"] for t in g.get("other_transcripts", [])),
            spans={
                asm: GeneSpan(chrom=str(s["chrom"]), start=s["start"], end=s["end"])
                for asm, s in g["spans"].items()
            },
        )
        for g in doc["genes"]["genes"]
    }
    hotspots = tuple(
        Hotspot(
            id=h["id"],
            gene=h["gene"],
            protein_change=h["protein_change"],
            hgvs_p=h["hgvs_p"],
            hgvs_c=h["hgvs_c"],
            transcript=h["transcript"],
            coordinates={
                asm: HotspotLocus(
                    chrom=str(c["chrom"]),
                    pos=c["pos"],
                    ref=c["ref"],
                    alt=c["alt"],
                    status=c["status"],
                )
                for asm, c in h["coordinates"].items()
            },
        )
        for h in doc["hotspots"]["hotspots"]
    )
    alterations = tuple(_alteration(a) for a in doc["alterations"]["alterations"])
    assemblies = {
        name: AssemblyInfo(
            name=name,
            aliases=tuple(info["aliases"]),
            contig_lengths={str(k): int(v) for k, v in info["contig_lengths"].items()},
        )
        for name, info in doc["assemblies"]["assemblies"].items()
    }
    standard = doc["standard_therapy"]
    regimens = tuple(
        Regimen(
            id=r["id"],
            name=r["name"],
            role=r["role"],
            when=r["when"],
            evidence_status=r["evidence"]["status"],
            trial=r["evidence"]["trial"],
            nct_ids=tuple(r["evidence"]["nct"]),
            result=r["evidence"]["result"],
            approval=r["evidence"]["approval"],
            notes=tuple(r["notes"]),
            unverified=tuple(r["unverified"]),
            references=references_from(r["references"]),
        )
        for r in standard["regimens"]
    )
    guidance = tuple(
        Guidance(
            id=g["id"],
            severity=g["severity"],
            text=g["text"],
            when=g["when"],
            references=references_from(g["references"]),
        )
        for g in standard["guidance"]
    )
    trials = tuple(
        TrialEntry(
            nct_id=t["nct_id"],
            title=t["title"],
            phase=t["phase"],
            status=t["status"],
            last_updated=t["last_updated"],
            arms=tuple(t.get("arms", [])),
            criteria=tuple(
                TrialCriterion(
                    id=c["id"],
                    kind=c["kind"],
                    text=c["text"],
                    values=tuple(c.get("values", ())),
                    min=c.get("min"),
                    max=c.get("max"),
                    min_exclusive=c.get("min_exclusive"),
                    alternative=c.get("alternative"),
                )
                for c in t["criteria"]
            ),
            references=references_from(t["references"]),
            sponsor=t.get("sponsor"),
        )
        for t in doc["trials"]["trials"]
    )
    return KnowledgeBase(
        name=manifest["name"],
        version=str(manifest["version"]),
        release_date=str(manifest["release_date"]),
        genes=genes,
        hotspots=hotspots,
        alterations=alterations,
        assemblies=assemblies,
        thresholds=tuple(doc["thresholds"]["thresholds"]),
        path=str(kb_dir),
        codons=codons_from(doc["hotspots"]),
        regimens=regimens,
        guidance=guidance,
        trials=trials,
    )


def _alteration(a: dict[str, Any]) -> Alteration:
    escat = a.get("escat") or {}
    return Alteration(
        id=a["id"],
        label=a["label"],
        gene=a["gene"],
        category=a["category"],
        match=a["match"],
        oncokb_level=(a.get("oncokb") or {}).get("level"),
        escat_tier=escat.get("tier"),
        escat_status=escat.get("status"),
        notes=tuple(a.get("notes", [])),
        therapies=tuple(_therapy(t) for t in a["therapies"]),
        references=references_from(a["references"]),
        review_date=a["review_date"],
    )


def _therapy(t: dict[str, Any]) -> Therapy:
    trial = t.get("pivotal_trial") or {}
    fda = t["fda"]
    return Therapy(
        agents=tuple(t["agents"]),
        brand_names=tuple(t.get("brand_names", [])),
        oncokb_level=t.get("oncokb_level"),
        amp_tier=t["amp_tier"],
        fda_status=fda["status"],
        fda_scope=fda["scope"],
        fda_date=fda.get("date"),
        fda_detail=fda.get("detail"),
        pivotal_trial=trial.get("name"),
        nct_ids=tuple(trial.get("nct", [])),
        key_result=t.get("key_result"),
        condition=t.get("condition"),
        notes=tuple(t.get("notes", [])),
        unverified=tuple(t.get("unverified", [])),
        references=references_from(t["references"]),
    )
