"""Evidence gating of fusion calls, and the grouping of calls into one event.

Gating: which calls may support a reportable finding. A call is not counted when
- its caller rejected it: a VCF FILTER other than PASS (Manta `MinSomaticScore`, DELLY
  `LowQual` ...) or an Arriba filter that discarded the whole event (`Fusion.filters`);
- Arriba graded it `low`: by Arriba's own documentation ("Interpretation of results",
  confidence scoring) only 5-10% of low-confidence predictions correlate with a genomic
  rearrangement, and "unless there is additional evidence corroborating the prediction,
  it is advisable to ignore the prediction";
- it is an RNA call (STAR-Fusion, FusionInspector, ctat-LR-fusion, Arriba, FusionCatcher,
  DRAGEN, JAFFA, an RNA-supported cBioPortal SV row, or a simple table) without a split
  (junction) read, or with fewer than `min_reads` supporting reads (junction + spanning)
  in total.

The read minimum. Default `DEFAULT_MIN_FUSION_READS` = 3, with at least one junction read.
- At least one junction read: without a read across the junction the breakpoint itself is
  not observed (Arriba: for an event with discordant mates only, the breakpoint given is
  that of "the discordant mates which are closest to the true but unknown breakpoint"), so
  exon, frame and kinase-domain retention cannot be established. STAR-Fusion's own default
  is the same (`--min_junction_reads 1`; spanning-only calls need
  `--min_spanning_frags_only 5`, STAR-Fusion 1.6.0 driver).
- A total of 3: both callers' own floor is 2 (STAR-Fusion `--min_sum_frags 2`, Arriba
  `-S 2` min_support), and that floor is where their false positives sit: Arriba's
  known-fusion recovery yields "low-confidence predictions with typically only 2 supporting
  reads". A call that can lead to a targeted agent should sit above the callers' noise
  floor; Arriba notes that "predictions with just 2-5 reads can be correct", which is why
  a call below the minimum is listed for orthogonal confirmation rather than dropped.
- PCGR, the reference open-source reporter, interprets SNVs/indels and copy number only
  (no fusion threshold to follow).
`--min-fusion-reads N` replaces 3 (N > 0 keeps the junction-read requirement; 0 turns the
read minimum off). DNA structural-variant calls are gated by their caller's FILTER only:
their split/paired read counts are the caller's evidence for a somatic score it already
applied. A call without read counts (a table transcribed from a lab report) cannot be
checked: it counts, with a note saying so, as for small variants without depth.

Grouping. Calls of one event become one finding: the same (5', 3') pair from any caller or
file, and a call that names a KB gene in the same role with an unnamed partner (a DNA
breakend outside the KB's genes, `chr10:58811205(no KB gene)`, or an Arriba intergenic
partner) joins the named call when the partners' breakpoints lie within
`PARTNER_WINDOW` = 100 kb on the same chromosome. The window is Arriba's own default for
relating a genomic to a transcriptomic breakpoint (`-D`, max_genomic_breakpoint_distance,
100000): the DNA breakpoint lies in an intron next to the RNA junction. The KB gene side
needs no window: both calls place that breakpoint inside the same KB gene. A group is
reportable when at least one call passes; the failing calls stay listed as sources, marked
not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from profiler.model import Fusion

DEFAULT_MIN_FUSION_READS = 3
MIN_JUNCTION_READS = 1
PARTNER_WINDOW = 100_000  # bp; Arriba -D default

DNA_SV_CALLERS = frozenset({"Manta", "GRIDSS", "DELLY", "SV VCF", "cBioPortal SV (DNA)"})
RNA_CALLERS = frozenset(
    {
        "STAR-Fusion",
        "FusionInspector",
        "Arriba",
        "FusionCatcher",
        "ctat-LR-fusion",
        "DRAGEN",
        "JAFFA",
        "cBioPortal SV (RNA)",
    }
)
ORTHOGONAL = "confirm with an orthogonal method (RNA assay or FISH)"


def assay(call: Fusion) -> str | None:
    """DNA or RNA for callers of known kind; None when the input does not say (a table)."""
    if call.caller in DNA_SV_CALLERS:
        return "DNA"
    if call.caller in RNA_CALLERS:
        return "RNA"
    return None


def gate(call: Fusion, min_reads: int = DEFAULT_MIN_FUSION_READS) -> str | None:
    """None when the call may support a reportable finding, else why it may not."""
    if call.filters:
        return f"filtered by its caller (FILTER {';'.join(call.filters)})"
    if assay(call) == "DNA":
        return None
    if (call.confidence or "").strip().lower() == "low":
        return "confidence low"
    if min_reads <= 0:
        return None
    if call.junction_reads is not None and call.junction_reads < MIN_JUNCTION_READS:
        return "no split (junction) read: the breakpoint is not observed"
    total = call.supporting_reads
    if total is not None and total < min_reads:
        return f"{total} supporting read(s), below the minimum of {min_reads}"
    return None


def unmeasured(call: Fusion, min_reads: int) -> bool:
    """True for an RNA (or unstated) call whose read support the input does not give."""
    return min_reads > 0 and assay(call) != "DNA" and call.supporting_reads is None


def describe(call: Fusion) -> str:
    """`Manta (somaticSV.vcf, line 69)`: a call named so that a reader can find it."""
    where = Path(call.source).name
    if call.record:
        where += f", line {call.record}"
    return f"{call.caller} ({where})"


@dataclass
class FusionGroup:
    """The calls of one event, with each call's gating verdict (None = counted)."""

    gene5: str
    gene3: str
    calls: list[Fusion] = field(default_factory=list)
    verdicts: list[str | None] = field(default_factory=list)

    @property
    def passing(self) -> list[Fusion]:
        return [c for c, v in zip(self.calls, self.verdicts, strict=True) if v is None]

    def failing(self) -> list[tuple[Fusion, str]]:
        return [(c, v) for c, v in zip(self.calls, self.verdicts, strict=True) if v is not None]

    def add(self, call: Fusion, verdict: str | None) -> None:
        self.calls.append(call)
        self.verdicts.append(verdict)

    def not_reportable_note(self) -> str:
        reasons = "; ".join(f"{describe(c)}: {why}" for c, why in self.failing())
        return f"Not reportable: {reasons}; {ORTHOGONAL}."

    def uncounted_notes(self) -> list[str]:
        return [
            f"Listed as a source, not counted: {describe(c)}: {why}." for c, why in self.failing()
        ]

    def concordance(self) -> str:
        """`Detected by STAR-Fusion (RNA) and Manta (DNA): concordant.` and the like."""
        passing = self.passing
        kinds = {assay(c) for c in passing}
        parts = []
        for kind in ("RNA", "DNA", None):
            names = []
            for call, verdict in zip(self.calls, self.verdicts, strict=True):
                if assay(call) != kind:
                    continue
                name = call.caller + ("" if verdict is None else " [not counted]")
                if name not in names:
                    names.append(name)
            if names:
                label = kind or "assay not stated"
                parts.append(f"{', '.join(names)} ({label})")
        if "RNA" in kinds and "DNA" in kinds:
            verdict = "concordant"
        elif "RNA" in kinds:
            verdict = "RNA only"
        elif "DNA" in kinds:
            verdict = "DNA only"
        elif passing:
            verdict = "assay not stated"
        else:
            verdict = "no call passes evidence gating"
        return f"Detected by {' and '.join(parts)}: {verdict}."


def is_unnamed(partner: str) -> bool:
    """A partner that is a locus, not a gene: SV-VCF `chr..(no KB gene)`, Arriba intergenic."""
    value = partner.strip()
    if value.endswith("(antisense)"):
        return False
    return value == "." or "(" in value or "," in value


def locus(breakpoint: str | None) -> tuple[str, int] | None:
    """`chr10:121483698:-` / `10:121483698` -> ("10", 121483698); None if not a position."""
    if not breakpoint:
        return None
    parts = breakpoint.split(":")
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    return parts[0].removeprefix("chr"), int(parts[1])


def group_calls(
    fusions: Iterable[Fusion], kb_genes: Iterable[str], min_reads: int = DEFAULT_MIN_FUSION_READS
) -> list[FusionGroup]:
    """Calls grouped into events (see module notes), in order of first appearance."""
    genes = set(kb_genes)
    groups: dict[tuple[str, str], FusionGroup] = {}
    for call in fusions:
        group = groups.setdefault((call.gene5, call.gene3), FusionGroup(call.gene5, call.gene3))
        group.add(call, gate(call, min_reads))
    named = [g for g in groups.values() if not (is_unnamed(g.gene5) or is_unnamed(g.gene3))]
    result: list[FusionGroup] = []
    for group in groups.values():
        target = _named_event(group, named, genes)
        if target is None:
            result.append(group)
            continue
        for call, verdict in zip(group.calls, group.verdicts, strict=True):
            target.add(call, verdict)
    return result


def _named_event(
    group: FusionGroup, named: Sequence[FusionGroup], genes: set[str]
) -> FusionGroup | None:
    """The named event an unnamed-partner group belongs to, or None."""
    if is_unnamed(group.gene5) == is_unnamed(group.gene3):
        return None  # both named (already grouped by pair) or neither a gene
    five_prime_named = not is_unnamed(group.gene5)
    gene = group.gene5 if five_prime_named else group.gene3
    if gene not in genes:
        return None
    best: tuple[int, FusionGroup] | None = None
    for candidate in named:
        if (candidate.gene5 if five_prime_named else candidate.gene3) != gene:
            continue
        distance = _partner_distance(group, candidate, five_prime_named)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _partner_distance(
    group: FusionGroup, candidate: FusionGroup, five_prime_named: bool
) -> int | None:
    """Smallest partner-breakpoint distance between the two groups' calls within the window."""
    found = None
    for a in group.calls:
        for b in candidate.calls:
            gene_a, gene_b = (
                (locus(a.breakpoint5), locus(b.breakpoint5))
                if five_prime_named
                else (locus(a.breakpoint3), locus(b.breakpoint3))
            )
            part_a, part_b = (
                (locus(a.breakpoint3), locus(b.breakpoint3))
                if five_prime_named
                else (locus(a.breakpoint5), locus(b.breakpoint5))
            )
            if None in (gene_a, gene_b, part_a, part_b):
                continue
            if gene_a[0] != gene_b[0] or part_a[0] != part_b[0]:  # type: ignore[index]
                continue
            distance = abs(part_a[1] - part_b[1])  # type: ignore[index]
            if distance <= PARTNER_WINDOW and (found is None or distance < found):
                found = distance
    return found


def methods_line(min_reads: int) -> str:
    """The fusion gating rule as the report's methods section prints it."""
    if min_reads > 0:
        reads = (
            f"an RNA call counts with >= {MIN_JUNCTION_READS} split (junction) read and "
            f">= {min_reads} supporting reads in total (a lab-set minimum; the callers' own "
            "floor is 2 supporting reads)"
        )
    else:
        reads = "no read minimum (the lab set none)"
    return (
        "Fusions: calls of one event merged across callers, files and DNA/RNA (a DNA breakend "
        f"with an unnamed partner joins an RNA call of the same KB gene and role within "
        f"{PARTNER_WINDOW // 1000} kb, Arriba's default distance); {reads}; calls their caller "
        "filtered (VCF FILTER not PASS, Arriba discarded) or graded low confidence (Arriba) "
        f"are not counted and, alone, are not reportable: {ORTHOGONAL}; a finding from DNA "
        "calls only needs confirmation of an expressed in-frame fusion; an out-of-frame call "
        "of a target gene is of uncertain significance."
    )
