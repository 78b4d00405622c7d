"""One step per input kind of a report run, all feeding one `Collected` record.

`api.build` calls the steps in order (fusions, small variants, copy number, MSI, then the
pathology biomarkers); each step reads its input, interprets it and records its matches,
warnings, methods lines and provenance. Data still flows one way: readers -> annotate ->
this record -> recommend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from profiler.annotate.checklist import ChecklistInputs
from profiler.annotate.copy_number import CopyNumberSettings
from profiler.annotate.coverage import NO_BAM, LocusCall, overlaps, target_loci
from profiler.annotate.fusion_evidence import describe as describe_call
from profiler.annotate.fusion_evidence import methods_line as fusion_methods_line
from profiler.annotate.match import (
    PROTEIN_ALTERING,
    Match,
    is_protein_altering,
    match_fusions,
    other_fusions,
    other_fusions_line,
)
from profiler.annotate.mmr import mmr_matches
from profiler.annotate.tmb import CODING
from profiler.errors import InputError
from profiler.identity import case_tumor_sample, check_identity, require_case_tumor
from profiler.io.fusions import detect_fusion_format, read_fusion_calls
from profiler.kb import KnowledgeBase
from profiler.model import (
    Biomarker,
    CaseInfo,
    CopyNumber,
    CoverageAssessment,
    InputFile,
    InputSample,
    Methods,
    SampleInfo,
    SmallVariant,
    VariantStats,
)
from profiler.model.panel import (
    Biomarkers,
    CopyNumberEntry,
    Her2Panel,
    MsiPanel,
    NotReported,
    TmbPanel,
)
from profiler.options import ReportOptions
from profiler.provenance import sha256_in_background, sha256_of
from profiler.small_variants import SmallVariantSettings, open_small_variants
from profiler.steps import (
    copy_number_step,
    coverage_step,
    her2_step,
    msi_step,
    tmb_counter,
    tmb_result,
)

# Tier III variants outside KB genes listed one by one; a hypermutated genome would
# otherwise turn one report into thousands of rows (the rest are counted in methods).
OTHER_GENE_VARIANTS_SHOWN = 300


@dataclass
class Collected:
    """What the steps of one run gather, for the report's findings, methods and provenance."""

    matches: list[Match] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_assessed: list[str] = field(default_factory=list)
    assessments: list[str] = field(default_factory=list)
    inputs: list[InputFile] = field(default_factory=list)
    fusion_callers: list[str] = field(default_factory=list)
    copy_numbers: list[CopyNumber] = field(default_factory=list)
    erbb2_variants: list[SmallVariant] = field(default_factory=list)
    msi: Biomarker | None = None
    tumor: str | None = None
    normal: str | None = None
    assembly: str | None = None
    assembly_source: str | None = None
    stats: VariantStats | None = None
    small_variant_methods: list[str] = field(default_factory=list)
    input_samples: list[InputSample] = field(default_factory=list)
    identity_check: str | None = None
    identity_warnings: list[str] = field(default_factory=list)
    # What the checklist and the biomarker panel are decided from (annotate/checklist.py).
    small_variant_kind: str | None = None  # "VCF" / "MAF" when one was read
    small_variant_gaps: dict[str, str] = field(default_factory=dict)
    fusions_read: bool = False
    tmb: TmbPanel | None = None
    tmb_reason: str = "no small-variant VCF"
    msi_panel: MsiPanel | None = None
    her2: Her2Panel | None = None
    not_reported: list[NotReported] = field(default_factory=list)

    def checklist_inputs(self, case: CaseInfo) -> ChecklistInputs:
        return ChecklistInputs(
            small_variants=self.small_variant_kind,
            small_variant_gaps=dict(self.small_variant_gaps),
            fusions=self.fusions_read,
            msi=self.msi_panel,
            mmr_ihc=case.mmr_ihc,
            tmb=self.tmb,
            tmb_reason=self.tmb_reason,
            her2=self.her2,
        )

    def biomarkers(self) -> Biomarkers:
        return Biomarkers(
            tmb=self.tmb,
            msi=self.msi_panel,
            her2=self.her2,
            copy_number=tuple(
                CopyNumberEntry(gene=c.gene, copy_number=c.copy_number, call=c.call, log2=c.log2)
                for c in self.copy_numbers
            ),
        )

    locus_calls: list[LocusCall] = field(default_factory=list)  # calls at KB target loci
    coverage: CoverageAssessment | None = None
    coverage_methods: list[str] = field(default_factory=list)

    def sample(self, case: CaseInfo) -> SampleInfo:
        return SampleInfo(
            patient_id=case.patient_id,
            specimen_id=case.specimen_id,
            tumor_sample=self.tumor,
            normal_sample=self.normal,
            assembly=self.assembly,  # type: ignore[arg-type]
            assembly_source=self.assembly_source,
            input_samples=tuple(self.input_samples),
            identity_check=self.identity_check,
            identity_warnings=tuple(self.identity_warnings),
        )

    def name_samples(
        self,
        case: CaseInfo,
        role: str,
        path: object,
        tumor: str | None,
        normal: str | None = None,
    ) -> None:
        """Record the samples an input names; one that contradicts tumor_sample_id stops the run."""
        for kind, name in (("tumor", tumor), ("normal", normal)):
            if name:
                named = InputSample(role, str(path), name, kind)
                require_case_tumor(case, named)
                self.input_samples.append(named)

    def methods(self, options: ReportOptions) -> Methods:
        return Methods(
            pass_only=not options.include_filtered,
            variant_stats=self.stats,
            fusion_callers=tuple(dict.fromkeys(self.fusion_callers)),
            not_assessed=tuple(self.not_assessed),
            min_depth=options.min_depth if self.stats is not None else None,
            min_vaf=options.min_vaf if self.stats is not None else None,
            small_variant_methods=tuple(self.small_variant_methods),
            assessments=tuple(self.assessments),
            coverage_methods=tuple(self.coverage_methods),
        )


def requested_sample(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    """Before any input is read: --sample must not contradict the case's tumor_sample_id."""
    case_tumor_sample(case, options.sample, options.case_source)


def fusion_inputs(options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected) -> None:
    fusions = []
    for path in options.fusions:
        fmt = options.fusion_format or detect_fusion_format(path)
        calls = read_fusion_calls(
            path,
            fmt,
            kb=kb,
            assembly=options.assembly if options.assembly != "auto" else None,
            sample=options.sv_sample,
            tumor_sample_id=case.tumor_sample_id,
        )
        c.name_samples(case, "fusions", path, calls.tumor_sample, calls.normal_sample)
        fusions.extend(calls.fusions)
        c.assessments.extend(calls.notes)  # rows of a cohort table that are not fusions
        c.fusion_callers.append(fmt)
        c.inputs.append(InputFile("fusions", str(path), sha256_of(path), fmt))
    known = options.assembly if options.assembly in ("GRCh37", "GRCh38") else None
    c.matches.extend(match_fusions(fusions, kb, min_reads=options.min_fusion_reads, assembly=known))
    c.fusions_read = bool(options.fusions)
    if options.fusions:
        c.assessments.append(fusion_methods_line(options.min_fusion_reads))
        other = other_fusions(fusions, kb, min_reads=options.min_fusion_reads)
        c.matches.extend(other.listed)
        c.assessments.extend(filter(None, [other_fusions_line(fusions, kb, other)]))
        for call, reason in other.not_reported:
            reads = call.supporting_reads
            c.not_reported.append(
                NotReported(
                    category="fusion",
                    name=f"{call.name} fusion",
                    reason=reason
                    + (
                        f"; {reads} supporting reads"
                        if reads is not None and "read" not in reason
                        else ""
                    ),
                    source=describe_call(call),
                )
            )
    else:
        c.not_assessed.append("gene fusions (no fusion-caller result provided)")


def small_variant_inputs(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    if options.vcf is None and options.maf is None:
        c.not_assessed.append("small variants (no variant calls provided)")
        c.not_assessed.append("TMB (no variant calls provided)")
        if options.assembly in ("GRCh37", "GRCh38"):
            c.assembly, c.assembly_source = options.assembly, "stated for this run"
        return
    reading = open_small_variants(
        kb,
        vcf=options.vcf,
        maf=options.maf,
        sample=options.sample,
        assembly=options.assembly,
        settings=_small_variant_settings(options),
        tumor_sample_id=case.tumor_sample_id,
    )
    role, path = ("vcf", options.vcf) if options.vcf is not None else ("maf", options.maf)
    c.tumor, c.normal = reading.source.tumor_sample, reading.source.normal_sample
    c.name_samples(case, role, path, c.tumor, c.normal)
    digest = sha256_in_background(path)  # type: ignore[arg-type]
    c.assembly, c.assembly_source = reading.assembly, reading.assembly_source
    tmb = tmb_counter(
        kb,
        c.assembly,  # type: ignore[arg-type]
        callable_mb=options.callable_mb,
        target_bed=options.target_bed,
        min_vaf=options.tmb_min_vaf,
        min_depth=options.min_depth,
    )
    if tmb is not None and not reading.annotated and tmb.territory is None:
        tmb.unannotated_seen = True  # no consequences and no coding territory: not assessed
    # An annotated file is read whole (not only the KB regions through the index): every
    # protein-altering PASS record in any gene is read closely and listed (tier III outside
    # the KB); with TMB, synonymous and other coding records too.
    terms = PROTEIN_ALTERING | (CODING if tmb is not None else frozenset())
    loci = target_loci(kb, c.assembly) if options.bam is not None and c.assembly else []
    variants = reading.variants(
        also_terms=terms if reading.annotated else frozenset(),
        also_regions=tmb.territory if tmb is not None and not reading.annotated else None,
    )
    other_genes = 0  # protein-altering PASS variants outside KB genes (listed as tier III)
    for variant in variants:
        if tmb is not None:
            tmb.add(variant)
        if (
            variant.gene == "ERBB2"
            and not variant.filters
            and is_protein_altering(variant.consequence)
        ):
            c.erbb2_variants.append(variant)
        match = reading.match(variant)
        if match is None:
            continue
        if match.gene not in kb.genes:
            other_genes += 1
            if other_genes > OTHER_GENE_VARIANTS_SHOWN:
                continue  # counted on the methods line below
        c.matches.append(match)
        if match.variant is not None and any(overlaps(lc, variant) for lc in loci):
            c.locus_calls.append(LocusCall(variant, match.alteration, match.reportable))
    c.small_variant_kind = role.upper()
    for row in getattr(reading.source, "unusable", ()):
        if row.in_kb_gene and row.gene:
            c.small_variant_gaps.setdefault(
                row.gene, f"MAF row(s) in {row.gene} without a usable position or alleles"
            )
    if tmb is None:
        c.not_assessed.append("TMB (no callable territory given: no denominator)")
        c.tmb_reason = "no denominator (callable territory) given"
    else:
        step = tmb_result(tmb, kb)
        c.matches.extend(step.matches)
        c.assessments.extend(step.methods)
        c.tmb = step.tmb
        if step.tmb is None:
            c.tmb_reason = "no consequence annotation and no coding territory given"
    c.stats = reading.stats
    c.warnings.extend(reading.warnings())
    c.small_variant_methods = reading.methods()
    if other_genes > OTHER_GENE_VARIANTS_SHOWN:
        c.small_variant_methods.append(
            f"{other_genes:,} protein-altering variants outside the knowledge base's genes met "
            f"the reporting thresholds: the first {OTHER_GENE_VARIANTS_SHOWN} in file order are "
            "listed, the rest are counted here only."
        )
    if reading.annotated:
        c.small_variant_methods.append(
            "Every gene was examined: protein-altering PASS variants meeting the reporting "
            "thresholds are listed in any gene, as tier III where the knowledge base holds no "
            "evidence for them."
        )
    else:
        c.small_variant_methods.append(
            "Without a consequence annotation only the knowledge base's genes were examined: "
            "variants in other genes were not examined and are not listed."
        )
    c.inputs.insert(0, InputFile(role, str(path), digest(), role))  # type: ignore[arg-type]


def coverage_inputs(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    """Depth at every KB target locus from the tumour BAM/CRAM (after the calls are read)."""
    if options.bam is None:
        c.not_assessed.append(NO_BAM)
        return
    step = coverage_step(
        options.bam,
        kb,
        c.assembly,  # type: ignore[arg-type]
        c.locus_calls,
        reference=options.reference,
        target_bed=options.target_bed,
        lod_vaf=options.min_vaf,
        tumor_purity=case.tumor_purity,
        min_mapq=options.min_mapq,
        min_baseq=options.min_baseq,
        min_coverage=options.min_coverage,
    )
    c.name_samples(case, "bam", options.bam, step.sample)
    c.coverage = step.coverage
    c.coverage_methods.extend(step.methods)
    c.warnings.extend(step.warnings)
    # The index, not the BAM, is hashed: hashing a 100 GB WGS BAM would cost minutes, and
    # the index is rewritten whenever the BAM is (the reader refuses an older index).
    c.inputs.append(
        InputFile("bam_index", str(step.index), sha256_of(step.index), f"{step.format} index")
    )


def copy_number_inputs(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    if options.cnv is None:
        c.not_assessed.append("copy number (no copy-number result provided)")
        return
    settings = CopyNumberSettings(
        ploidy=options.ploidy,
        purity=case.tumor_purity,
        amplification_ratio=options.amplification_ratio,
    )
    c.copy_numbers, step = copy_number_step(
        options.cnv,
        options.cnv_format,
        kb,
        c.assembly,  # type: ignore[arg-type]
        settings,
        sample=options.cnv_sample,
        tumor_sample_id=case.tumor_sample_id,
    )
    for name in step.samples:
        c.name_samples(case, "cnv", options.cnv, name)
    c.matches.extend(step.matches)
    c.assessments.extend(step.methods)
    c.inputs.append(InputFile("cnv", str(options.cnv), sha256_of(options.cnv), options.cnv_format))


def msi_inputs(options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected) -> None:
    if options.msi is None:
        c.not_assessed.append("MSI (no MSI result provided)")
        return
    step = msi_step(
        options.msi,
        kb,
        tool=options.msi_tool,
        mode=options.msi_mode,
        threshold=options.msi_threshold,
    )
    c.matches.extend(step.matches)
    c.assessments.extend(step.methods)
    c.warnings.extend(step.warnings)
    c.msi = step.biomarker
    c.msi_panel = step.msi
    c.inputs.append(InputFile("msi", str(options.msi), sha256_of(options.msi), options.msi_tool))


def pathology_inputs(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    """HER2 as one call (IHC, ISH, copy number, ERBB2 variants); MSI with MMR IHC as one."""
    her2 = her2_step(case, c.copy_numbers, c.erbb2_variants, kb).matches
    c.matches.extend(her2)
    erbb2 = next((x for x in c.copy_numbers if x.gene == "ERBB2"), None)
    status = next((m.biomarker.status for m in her2 if m.biomarker is not None), None)
    c.her2 = Her2Panel(
        status=status or "not_assessed",
        ihc=case.her2_ihc,
        ish=case.her2_ish,
        erbb2_copy_number=erbb2.copy_number if erbb2 is not None else None,
    )
    c.matches.extend(mmr_matches(c.msi, case.mmr_ihc, kb))


def sample_identity(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    """After every input: compare the sample names the inputs gave with the case's ids."""
    check = check_identity(case, c.input_samples)
    c.identity_check = check.summary
    c.identity_warnings = list(check.warnings)
    c.warnings[:0] = check.warnings  # first: nothing else in the report matters if it is wrong


STEPS = (
    requested_sample,
    fusion_inputs,
    small_variant_inputs,
    coverage_inputs,
    copy_number_inputs,
    msi_inputs,
    pathology_inputs,
    sample_identity,
)


def _small_variant_settings(options: ReportOptions) -> SmallVariantSettings:
    if options.min_depth < 0 or not 0.0 <= options.min_vaf <= 1.0:
        raise InputError(
            f"--min-depth must be >= 0 and --min-vaf within 0-1 (got {options.min_depth}, "
            f"{options.min_vaf})"
        )
    return SmallVariantSettings(
        min_depth=options.min_depth,
        min_vaf=options.min_vaf,
        include_filtered=options.include_filtered,
        reference=options.reference,
        use_index=options.use_index,
    )
