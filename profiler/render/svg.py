"""Pictures as inline SVG: a fusion diagram per fusion, a VAF / copy-number overview.

Built as text in Python (no plotting dependency). Gene names, breakpoints and labels come
from input files, so every piece of text and every attribute value goes through
`_text` / `_attr` (XML escaping); numbers are formatted by us. The result is Markup that
the autoescaping templates insert as is, and that WeasyPrint draws without fetching
anything (no external references, no <image>, no <use href>).

A diagram shows only what the report knows: where the breakpoint lies along a gene whose
span the knowledge base holds, which part each partner contributes (5' partner up to its
breakpoint, 3' partner from it), the reading frame as called, and the KB's partner rule.
It draws no protein domains: the KB holds no domain coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from profiler.model import FusionLayout, FusionPartner

_FONT = "DejaVu Sans, Liberation Sans, sans-serif"
_KEPT = "#0072b2"  # the part of a gene in the fusion product (Okabe-Ito blue)
_LOST = "#d5dbe2"
_THREE = "#e69f00"  # the 3' partner's colour in the product (Okabe-Ito orange)
_INK = "#1a1a1a"
_MUTED = "#4a5563"
_MAX_LABEL = 28  # characters of an input-provided name shown in a picture


def _text(value: object) -> str:
    """Text content, XML-escaped."""
    return escape(str(value))


def _name(value: object) -> str:
    """An input-provided name, shortened so one name cannot overrun the picture."""
    text = str(value)
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def _attr(value: object) -> str:
    """An attribute value, quoted and escaped."""
    return quoteattr(str(value))


def _label(
    x: float,
    y: float,
    text: object,
    *,
    size: float = 9,
    anchor: str = "start",
    fill: str = _INK,
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor={_attr(anchor)} '
        f"fill={_attr(fill)}{weight}>{_text(text)}</text>"
    )


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="figure-svg" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-label={_attr(title)} '
        f"font-family={_attr(_FONT)}><title>{_text(title)}</title>{''.join(body)}</svg>"
    )


def _prime(side: str) -> str:
    return side.replace("'", "′")


def _gene_bar(p: FusionPartner, x: float, width: float, y: float) -> list[str]:
    """A partner gene drawn 5'->3' with the part it contributes shaded and its breakpoint."""
    five_prime = p.side == "5'"
    parts = [_label(x, y - 6, f"{_name(p.gene)} ({_prime(p.side)} partner)", bold=True)]
    if p.fraction is None:
        # No KB span for this gene (or the breakpoint is outside it): the side it gives is
        # known from its role, not where in the gene the break lies.
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="10" fill="{_LOST}" '
            f'stroke="{_KEPT}" stroke-dasharray="3 2"/>'
        )
        kept = "5′ part kept" if five_prime else "3′ part kept"
        parts.append(
            _label(
                x + width / 2,
                y + 8,
                f"{kept}; position in gene not known",
                size=7,
                anchor="middle",
                fill=_MUTED,
            )
        )
    else:
        cut = x + width * p.fraction
        kept_x, kept_w = (x, cut - x) if five_prime else (cut, x + width - cut)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="10" fill="{_LOST}"/>'
        )
        parts.append(
            f'<rect x="{kept_x:.1f}" y="{y:.1f}" width="{max(kept_w, 0.5):.1f}" height="10" '
            f'fill="{_KEPT if five_prime else _THREE}"/>'
        )
        parts.append(
            f'<line x1="{cut:.1f}" y1="{y - 3:.1f}" x2="{cut:.1f}" y2="{y + 13:.1f}" '
            f'stroke="{_INK}" stroke-width="1.2"/>'
        )
    parts.append(_label(x, y + 21, "5′", size=7, fill=_MUTED))
    parts.append(_label(x + width, y + 21, "3′", size=7, anchor="end", fill=_MUTED))
    if p.breakpoint:
        parts.append(_label(x + width / 2, y + 21, _name(p.breakpoint), size=7, anchor="middle"))
    return parts


def fusion_svg(layout: FusionLayout) -> Markup:
    """Both partner genes with their breakpoints, and the fusion product they make."""
    width, height = 560, 98
    body = _gene_bar(layout.five, 10, 250, 22) + _gene_bar(layout.three, 300, 250, 22)
    # The product: the 5' partner's 5' part joined to the 3' partner's 3' part.
    y = 78
    body.append(_label(10, y - 6, "Fusion product (5′ → 3′)", size=8, fill=_MUTED))
    body.append(f'<rect x="10" y="{y}" width="200" height="12" fill="{_KEPT}"/>')
    body.append(f'<rect x="210" y="{y}" width="200" height="12" fill="{_THREE}"/>')
    body.append(f'<line x1="210" y1="{y - 3}" x2="210" y2="{y + 15}" stroke="{_INK}"/>')
    body.append(
        _label(
            110, y + 9, _name(layout.five.gene), size=8, anchor="middle", fill="#ffffff", bold=True
        )
    )
    body.append(_label(310, y + 9, _name(layout.three.gene), size=8, anchor="middle", bold=True))
    frame = layout.frame or "not reported by the caller"
    body.append(_label(420, y + 9, f"frame: {frame}", size=8))
    title = f"{layout.five.gene}::{layout.three.gene} fusion diagram"
    return _svg(width, height, body, title)


@dataclass(frozen=True)
class Bar:
    """One bar of the overview: a finding's label and its measured value."""

    label: str
    value: float
    text: str  # the value as the report prints it ("31.2%", "8 copies")
    emphasis: bool = False  # actionable finding


def bar_chart_svg(
    bars: Sequence[Bar], *, maximum: float, title: str, reference: tuple[float, str] | None = None
) -> Markup:
    """Horizontal bars on a 0..maximum scale, with an optional labelled reference line."""
    row, left, plot = 14, 170, 330
    height = 18 + row * len(bars) + 14
    body = []
    for i, bar in enumerate(bars):
        y = 14 + i * row
        length = plot * min(max(bar.value, 0.0), maximum) / maximum
        body.append(
            _label(left - 6, y + 9, _name(bar.label), size=8, anchor="end", bold=bar.emphasis)
        )
        body.append(
            f'<rect x="{left}" y="{y + 1}" width="{max(length, 0.5):.1f}" height="10" '
            f'fill="{_KEPT if bar.emphasis else "#7a8794"}"/>'
        )
        body.append(_label(left + length + 4, y + 9, bar.text, size=8))
    axis_y = 16 + row * len(bars)
    body.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{left + plot}" y2="{axis_y}" stroke="{_MUTED}" '
        'stroke-width="0.6"/>'
    )
    for tick in (0.0, 0.5, 1.0):
        x = left + plot * tick
        body.append(
            _label(x, axis_y + 10, f"{maximum * tick:g}", size=7, anchor="middle", fill=_MUTED)
        )
    if reference is not None:
        value, name = reference
        x = left + plot * value / maximum
        body.append(
            f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{axis_y}" stroke="{_MUTED}" '
            'stroke-dasharray="2 2" stroke-width="0.8"/>'
        )
        body.append(_label(x + 2, 9, name, size=7, fill=_MUTED))
    return _svg(left + plot + 60, height + 4, body, title)
