"""Report -> PDF with WeasyPrint, fetching nothing but the package's own assets.

Report text comes from input files, and WeasyPrint will happily fetch any URL a
document names (file:///etc/passwd into an <img>, a remote stylesheet that reveals the
report was opened). Autoescaping keeps input text from becoming markup; the fetcher
below is the second wall: it serves files inside ``profiler/render/static/`` and
refuses everything else, and a refusal stops the render instead of quietly producing
a report with a hole in it.

WeasyPrint is imported inside the functions so that a JSON-only run never loads it
(nor its native libraries).
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from profiler.errors import RenderError
from profiler.model import Report
from profiler.render.atomic import atomic_path
from profiler.render.html import render_html

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

STATIC_DIR = (Path(__file__).parent / "static").resolve()
STYLESHEET = STATIC_DIR / "report.css"

_MIME_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


def resolve_static_url(url: str, static_dir: Path = STATIC_DIR) -> Path:
    """Return the file a ``file:`` URL names if it is an asset inside `static_dir`.

    Raises RenderError for any other scheme, a remote host, a path outside the
    directory (after resolving ``..`` and symlinks), a missing file or a file type we
    do not ship.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise RenderError(f"refused to fetch {url!r}: only the report's own assets are loaded")
    if parts.netloc not in ("", "localhost"):
        raise RenderError(f"refused to fetch {url!r}: remote file URL")
    root = static_dir.resolve()
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise RenderError(f"refused to fetch {url!r}: no such asset") from exc
    if not path.is_relative_to(root) or not path.is_file():
        raise RenderError(f"refused to fetch {url!r}: outside the report's asset directory")
    if path.suffix.lower() not in _MIME_TYPES:
        raise RenderError(f"refused to fetch {url!r}: not an asset type the report uses")
    return path


def make_url_fetcher(static_dir: Path = STATIC_DIR) -> URLFetcher:
    """A WeasyPrint URL fetcher that serves only files inside `static_dir`.

    WeasyPrint 70 takes a ``weasyprint.urls.URLFetcher`` instance whose ``fetch(url,
    headers)`` returns a ``URLFetcherResponse``; the older API (a plain function
    returning a dict) no longer works there. The base class is built with no allowed
    protocols (so even a stray call to the inherited opener refuses) and
    ``fail_on_errors=True``: any refusal becomes a FatalURLFetchingError that aborts
    the render, which `write_pdf` reports as RenderError. Every URL asked for is kept
    in ``.requested`` so tests and audits can see what the renderer tried to load.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticAssetFetcher(URLFetcher):
        """Serves the report's own assets; refuses (fatally) everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), fail_on_errors=True)
            self.static_dir = static_dir.resolve()
            self.requested: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            self.requested.append(url)
            path = resolve_static_url(url, self.static_dir)  # RenderError ends the render
            log.debug("serving report asset %s", path.name)
            return URLFetcherResponse(
                path.as_uri(),
                body=path.read_bytes(),
                headers={"Content-Type": _MIME_TYPES[path.suffix.lower()]},
            )

    return StaticAssetFetcher()


# PDF/A-3 (ISO 19005-3), level B: an archival PDF that may carry attachments of any type,
# here report.json, so the archived document holds its machine-readable twin.
PDF_VARIANT = "pdf/a-3b"
EMBEDDED_JSON_NAME = "report.json"


# PDF/A needs an output intent (an ICC profile). WeasyPrint 70's own "srgb" intent opens
# its sRGB2014.icc and never closes the file (a ResourceWarning on every render), so the
# same profile is registered here under our own name, read from bytes.
_OUTPUT_INTENT = "profiler-srgb"


def _srgb_profile() -> Any:
    """WeasyPrint's bundled sRGB2014 ICC profile, read and closed."""
    import io
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    data = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    return ColorProfile(
        io.BytesIO(data), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )


def render_pdf(
    report: Report,
    *,
    url_fetcher: URLFetcher | None = None,
    embedded_json: bytes | None = None,
    archival: bool = True,
) -> bytes:
    """Render the report as PDF bytes (PDF/A-3b, with `embedded_json` attached if given).

    `url_fetcher` defaults to `make_url_fetcher()`; tests pass their own instance to
    inspect ``.requested`` afterwards. `archival=False` gives a plain PDF (benchmarks).
    """
    return html_to_pdf(
        render_html(report),
        url_fetcher,
        embedded_json=embedded_json,
        created=_document_time(report),
        archival=archival,
    )


def _document_time(report: Report) -> datetime | None:
    """When the attachment was made: the run's time, or midnight of a fixed report date."""
    from profiler.render.view_signout import document_date

    text = document_date(report)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment


def write_pdf(report: Report, path: Path, *, embedded_json: bytes | None = None) -> None:
    """Render the report and write it to `path` atomically.

    The file appears only once the PDF is complete; on any failure nothing is left at
    `path` or beside it, and the error is a RenderError.
    """
    path = Path(path)
    try:
        # The temporary file exists while rendering, so the error path (clean-up of a
        # half-finished report) is the same whether layout or the disk fails.
        with atomic_path(path) as tmp:
            data = render_pdf(report, embedded_json=embedded_json)
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except RenderError:
        raise
    except OSError as exc:
        raise RenderError(f"could not write the PDF report {path}: {exc}") from exc
    log.info("wrote PDF report %s", path)


def html_to_pdf(
    html: str,
    url_fetcher: URLFetcher | None = None,
    *,
    embedded_json: bytes | None = None,
    created: datetime | None = None,
    archival: bool = True,
) -> bytes:
    """Lay out `html` with the report stylesheet and return the PDF bytes.

    Public so that a test (or another renderer) can check what happens to markup the
    templates would never produce; every WeasyPrint failure becomes a RenderError.
    The attachment is given as bytes, so WeasyPrint fetches nothing for it; its dates
    are `created` (not the wall clock), so two renders of one report are identical.
    """
    try:
        import weasyprint
        from weasyprint.urls import FatalURLFetchingError
    except (ImportError, OSError) as exc:  # OSError: Pango/HarfBuzz libraries missing
        raise RenderError(f"PDF output needs WeasyPrint and its libraries: {exc}") from exc

    fetcher = url_fetcher if url_fetcher is not None else make_url_fetcher()
    try:
        # The stylesheet is read straight from the package; the HTML's base URL is the
        # asset directory, so a relative reference can only resolve in there.
        stylesheet = weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
        document = weasyprint.HTML(
            string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher
        )
        options: dict[str, Any] = {}
        profiles = None
        if archival:
            options["pdf_variant"] = PDF_VARIANT
            options["output_intent"] = _OUTPUT_INTENT
            profiles = {_OUTPUT_INTENT: _srgb_profile()}
        if embedded_json is not None:
            moment = created or datetime(1970, 1, 1, tzinfo=timezone.utc)
            options["attachments"] = [
                weasyprint.Attachment(
                    string=embedded_json,
                    name=EMBEDDED_JSON_NAME,
                    description="Machine-readable report (report.schema.json)",
                    created=moment,
                    modified=moment,
                    relationship="Alternative",
                    url_fetcher=fetcher,
                )
            ]
        rendered = document.render(
            stylesheets=[stylesheet],
            color_profiles=profiles,
            output_intent=options.get("output_intent"),
        )
        return rendered.write_pdf(**options)
    except FatalURLFetchingError as exc:  # a BaseException: must be named to be caught
        raise RenderError(f"PDF rendering stopped: {exc.__cause__ or exc}") from exc
    except RenderError:
        raise
    except Exception as exc:
        raise RenderError(f"PDF rendering failed: {exc}") from exc
