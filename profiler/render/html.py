"""Report -> HTML, through Jinja2 templates fed by the view-model.

Autoescaping is on and undefined names are errors: every string in a Report may come
from an input file (a patient id, a caller's note), so none of it may become markup, and
a template that names a missing field must fail loudly rather than print nothing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, select_autoescape
from markupsafe import Markup, escape

from profiler.errors import RenderError
from profiler.model import Report
from profiler.render.atomic import atomic_path
from profiler.render.view import build_view

log = logging.getLogger(__name__)

_TEMPLATE = "report.html"
_STYLESHEET = Path(__file__).parent / "static" / "report.css"


def file_name(text: object) -> Markup:
    """A file name, escaped, that may wrap after "." "_" or "-" (a <wbr>), never mid-word."""
    escaped = str(escape(str(text)))  # "." and "_" occur in no entity escape() writes
    return Markup(escaped.replace(".", ".<wbr>").replace("_", "_<wbr>"))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("profiler", "render/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["file_name"] = file_name
    return env


_ENV = _environment()


def render_html(report: Report, *, inline_css: bool = False) -> str:
    """Render the report as one self-contained HTML document (no external resources).

    The PDF renderer adds the stylesheet itself; `inline_css` puts it in a <style> element
    instead, for the HTML twin a lab portal shows as it is (report.html: one file, nothing
    fetched). Raises RenderError when the Report cannot be turned into a page (for
    instance a field holding a value of the wrong type), so callers see one error family.
    """
    try:
        view = build_view(report)
        extra = {}
        if inline_css:
            # our own stylesheet, trusted; it must not end the <style> element early
            css = _STYLESHEET.read_text(encoding="utf-8")
            if "</" in css:
                raise ValueError("the report stylesheet contains '</'")
            extra["inline_css"] = Markup(css)  # a package file, never input text
        html = _ENV.get_template(_TEMPLATE).render(v=view, **extra)
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        raise RenderError(f"could not render the report as HTML: {exc}") from exc
    log.debug("rendered report HTML (%d characters)", len(html))
    return html


def write_html(report: Report, path: Path) -> None:
    """The HTML twin (stylesheet inlined) written to `path` atomically; RenderError on failure."""
    html = render_html(report, inline_css=True)
    try:
        with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
            handle.write(html)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise RenderError(f"could not write the HTML report {path}: {exc}") from exc
    log.info("wrote HTML report %s", path)
