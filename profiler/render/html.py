"""Report -> HTML, through Jinja2 templates fed by the view-model.

Autoescaping is on and undefined names are errors: every string in a Report may come
from an input file (a patient id, a caller's note), so none of it may become markup, and
a template that names a missing field must fail loudly rather than print nothing.
"""

from __future__ import annotations

import logging

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, select_autoescape
from markupsafe import Markup, escape

from profiler.errors import RenderError
from profiler.model import Report
from profiler.render.view import build_view

log = logging.getLogger(__name__)

_TEMPLATE = "report.html"


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


def render_html(report: Report) -> str:
    """Render the report as one self-contained HTML document (no external resources).

    Raises RenderError when the Report cannot be turned into a page (for instance a
    field holding a value of the wrong type), so callers see one error family.
    """
    try:
        view = build_view(report)
        html = _ENV.get_template(_TEMPLATE).render(v=view)
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        raise RenderError(f"could not render the report as HTML: {exc}") from exc
    log.debug("rendered report HTML (%d characters)", len(html))
    return html
