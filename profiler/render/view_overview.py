"""The overview pictures' data: each reported variant's VAF and each copy-number call.

Part of the view-model (profiler.render.view.build_view); the SVG itself is drawn by
profiler.render.svg. Only measured values are drawn: a finding without a VAF (a fusion,
a biomarker) has no bar.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from profiler.model import Finding
from profiler.render.svg import Bar, bar_chart_svg
from profiler.render.view_format import format_vaf

_DIPLOID = 2.0  # the reference line of the copy-number chart: two copies
# Bars per chart: the findings the knowledge base knows come first, then tier III ones in
# report order. A hypermutated exome lists hundreds of tier III variants; a chart of them
# all is unreadable and costs seconds of layout, and the table above lists every one.
MAX_BARS = 40


def _label(f: Finding) -> str:
    return f.alteration if f.alteration.startswith(f.gene) else f"{f.gene} {f.alteration}"


def overview_view(actionable: Sequence[Finding], other: Sequence[Finding]) -> dict[str, Any]:
    """The VAF strip and the copy-number chart (None when nothing was measured)."""
    known = [f for f in other if f.tier != "III"]
    findings = [(f, True) for f in actionable] + [
        (f, False) for f in (*known, *(f for f in other if f.tier == "III"))
    ]
    all_vaf = [
        Bar(_label(f), f.vaf * 100, format_vaf(f.vaf), emphasis)
        for f, emphasis in findings
        if f.vaf is not None
    ]
    all_cn = []
    for f, emphasis in findings:
        value = f.detail.get("copy_number")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            all_cn.append(Bar(_label(f), float(value), f"{value:g} copies", emphasis))
    vaf_bars, cn_bars = all_vaf[:MAX_BARS], all_cn[:MAX_BARS]
    vaf_svg: Markup | None = None
    cn_svg: Markup | None = None
    if vaf_bars:
        vaf_svg = bar_chart_svg(vaf_bars, maximum=100.0, title="Variant allele fraction (%)")
    if cn_bars:
        # an even top (ticks at 0, half, top are whole numbers), at least 8 copies
        top = float(max(8, 2 * math.ceil(max(b.value for b in cn_bars) / 2)))
        cn_svg = bar_chart_svg(
            cn_bars, maximum=top, title="Copy number", reference=(_DIPLOID, "2 copies")
        )
    return {
        "vaf_svg": vaf_svg,
        "cn_svg": cn_svg,
        "any": bool(vaf_bars or cn_bars),
        "vaf_not_drawn": len(all_vaf) - len(vaf_bars),
        "cn_not_drawn": len(all_cn) - len(cn_bars),
    }
