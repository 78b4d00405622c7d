"""One step per input kind of a report run, all feeding one `Collected` record.

`api.build` calls the steps in order (fusions, small variants, copy number, MSI, then the
pathology biomarkers); each step reads its input, interprets it and records its matches,
warnings, methods lines and provenance. Data still flows one way: readers -> annotate ->
this record -> recommend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from profiler.annotate.copy_number import CopyNumberSettings
from profiler.annotate.fusion_evidence import methods_line as fusion_methods_line
from profiler.annotate.match import (
    Match,
    is_protein_altering,
    match_fusions,
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
    InputFile,
    InputSample,
    Methods,
    SampleInfo,
    SmallVariant,
    VariantStats,
)
from profiler.options import ReportOptions
from profiler.provenance import sha256_in_background, sha256_of
from profiler.small_variants import SmallVariantSettings, open_small_variants
from profiler.steps import copy_number_step, her2_step, msi_step, tmb_counter, tmb_result


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
    c.matches.extend(match_fusions(fusions, kb, min_reads=options.min_fusion_reads))
    if options.fusions:
        c.assessments.append(fusion_methods_line(options.min_fusion_reads))
        c.assessments.extend(filter(None, [other_fusions_line(fusions, kb)]))
    else:
        c.not_assessed.append("gene fusions (no --fusions input)")


def small_variant_inputs(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    if options.vcf is None and options.maf is None:
        c.not_assessed.append("small variants (no --vcf input)")
        c.not_assessed.append("TMB (no --vcf input)")
        if options.assembly in ("GRCh37", "GRCh38"):
            c.assembly, c.assembly_source = options.assembly, "--assembly option"
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
    variants = reading.variants(
        also_terms=CODING if tmb is not None and reading.annotated else frozenset(),
        also_regions=tmb.territory if tmb is not None and not reading.annotated else None,
    )
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
        if match is not None:
            c.matches.append(match)
    if tmb is None:
        c.not_assessed.append("TMB (no --callable-mb or --target-bed: no denominator)")
    else:
        step = tmb_result(tmb, kb)
        c.matches.extend(step.matches)
        c.assessments.extend(step.methods)
    c.stats = reading.stats
    c.warnings.extend(reading.warnings())
    c.small_variant_methods = reading.methods()
    c.inputs.insert(0, InputFile(role, str(path), digest(), role))  # type: ignore[arg-type]


def copy_number_inputs(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    if options.cnv is None:
        c.not_assessed.append("copy number (no --cnv input)")
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
        c.not_assessed.append("MSI (no --msi input)")
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
    c.inputs.append(InputFile("msi", str(options.msi), sha256_of(options.msi), options.msi_tool))


def pathology_inputs(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, c: Collected
) -> None:
    """HER2 as one call (IHC, ISH, copy number, ERBB2 variants); MSI with MMR IHC as one."""
    c.matches.extend(her2_step(case, c.copy_numbers, c.erbb2_variants, kb).matches)
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
