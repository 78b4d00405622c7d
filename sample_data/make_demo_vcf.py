#!/usr/bin/env python3
"""Write the SYNTHETIC demo VCF for case CCA-DEMO-001 (advanced intrahepatic cholangiocarcinoma).

Output (next to this script):
    CCA-DEMO-001.mutect2.vep.vcf.gz      bgzipped (pysam.tabix_compress)
    CCA-DEMO-001.mutect2.vep.vcf.gz.tbi  tabix index

Re-run:  python sample_data/make_demo_vcf.py      (needs pysam; deterministic, seed below)

Shape: a GATK Mutect2 + FilterMutectCalls tumor/normal VCF on GRCh38 (chr-prefixed), annotated by
Ensembl VEP 113 with --everything, i.e. the same header layout as
tests/data/vcf/mutect2_vep_grch38.vcf. Sample columns are alphabetical, as Mutect2 writes them
(CCA-DEMO-001-N before CCA-DEMO-001-T).

Content:
  * IDH1 R132C, GRCh38 chr2:208248389 G>A (FACTS.md Part 1a), MANE Select CSQ
    ENST00000345146.7 / NM_005896.4 c.394C>T p.Arg132Cys; tumor 128/412 alt reads (VAF 0.31).
  * TP53 R273H, GRCh38 chr17:7673802 C>T, NM_000546.6 c.818G>A p.(Arg273His) (ClinGen TP53
    VCEP summary as shown by GeneBe, variant 17-7673802-C-T), MANE Select CSQ on
    ENST00000269305.9; tumor 96/305 alt reads (VAF 0.31). TP53 is not a knowledge-base gene: the
    report lists it as a tier III other alteration (issue 12). EXON is left empty and the ENSP
    is written without a version (neither verified here).
  * ~300 background somatic calls, PASS and filtered with real FilterMutectCalls filter names.
    Almost all are annotated intergenic_variant; a few are intron_variant, and those are placed
    only inside the FACTS.md Part 2 gene spans of IDH1, BRAF, KRAS, ERBB2 and FGFR2, on each
    gene's MANE Select transcript, at least 5 kb from the hotspot codons and the FGFR2 fusion
    breakpoint. No coding consequence is claimed for any background call.

What is NOT real: background positions, REF/ALT bases, read counts and the intergenic/intronic
labels are random draws, not checked against the reference FASTA or a gene model. Intronic
CSQ entries leave INTRON/HGVSc empty (they would need the exon structure). Only the IDH1 call
the TP53 call and the contig lengths are genomic facts.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pysam

SEED = 20250314
N_BACKGROUND = 300
HERE = Path(__file__).resolve().parent
OUT = HERE / "CCA-DEMO-001.mutect2.vep.vcf.gz"
TUMOR, NORMAL = "CCA-DEMO-001-T", "CCA-DEMO-001-N"
REFERENCE = "/refs/Homo_sapiens_assembly38.fasta"

# GRCh38 primary contigs (lengths as in GATK/Broad GRCh38 headers)
CONTIGS = [
    ("chr1", 248956422),
    ("chr2", 242193529),
    ("chr3", 198295559),
    ("chr4", 190214555),
    ("chr5", 181538259),
    ("chr6", 170805979),
    ("chr7", 159345973),
    ("chr8", 145138636),
    ("chr9", 138394717),
    ("chr10", 133797422),
    ("chr11", 135086622),
    ("chr12", 133275309),
    ("chr13", 114364328),
    ("chr14", 107043718),
    ("chr15", 101991189),
    ("chr16", 90338345),
    ("chr17", 83257441),
    ("chr18", 80373285),
    ("chr19", 58617616),
    ("chr20", 64444167),
    ("chr21", 46709983),
    ("chr22", 50818468),
    ("chrX", 156040895),
    ("chrY", 57227415),
    ("chrM", 16569),
]
CONTIG_INDEX = {c: i for i, (c, _) in enumerate(CONTIGS)}

# FACTS.md Part 2 GRCh38 spans (1-based, inclusive), every gene listed there: no background call
# may be labelled intergenic inside them.
FACTS_SPANS = {
    "FGFR2": ("chr10", 121478334, 121598458),
    "IDH1": ("chr2", 208236227, 208266074),
    "BRAF": ("chr7", 140719327, 140924929),
    "ERBB2": ("chr17", 39687914, 39730426),
    "NTRK1": ("chr1", 156815640, 156881850),
    "NTRK2": ("chr9", 84668458, 85027070),
    "NTRK3": ("chr15", 87859751, 88256768),
    "RET": ("chr10", 43077069, 43130349),
    "KRAS": ("chr12", 25205246, 25250929),
    "MLH1": ("chr3", 36993332, 37050918),
    "MSH2": ("chr2", 47403067, 47709830),
    "MSH6": ("chr2", 47695530, 47810101),
    "PMS2": ("chr7", 5970925, 6009106),
}
# Points to keep clear of (hotspot codons from FACTS Part 1, FGFR2--BICC1 breakpoint of the demo).
KEEP_CLEAR = [
    ("chr2", 208248388),
    ("chr7", 140753336),
    ("chr12", 25245350),
    ("chr17", 39711955),
    ("chr17", 39724747),
    ("chr10", 121483698),
    ("chr10", 58813830),
]

# Genes used for intronic background: MANE Select transcript with a verified Ensembl version.
INTRONIC = {  # symbol: (Gene, Feature, HGNC_ID, STRAND, MANE_SELECT, ENSP)
    "IDH1": (
        "ENSG00000138413",
        "ENST00000345146.7",
        "HGNC:5382",
        "-1",
        "NM_005896.4",
        "ENSP00000260985.2",
    ),
    "BRAF": (
        "ENSG00000157764",
        "ENST00000646891.2",
        "HGNC:1097",
        "-1",
        "NM_004333.6",
        "ENSP00000493543.1",
    ),
    "KRAS": (
        "ENSG00000133703",
        "ENST00000311936.8",
        "HGNC:6407",
        "-1",
        "NM_004985.5",
        "ENSP00000308495.3",
    ),
    "ERBB2": (
        "ENSG00000141736",
        "ENST00000269571.10",
        "HGNC:3430",
        "1",
        "NM_004448.4",
        "ENSP00000269571.4",
    ),
    "FGFR2": ("ENSG00000066468", "ENST00000358487.10", "HGNC:3689", "-1", "NM_000141.5", ""),
}
# IDH1 intronic draws stay inside the GENCODE-basic transcript end noted in FACTS Part 2.
INTRONIC_SPANS = {
    "IDH1": ("chr2", 208236227, 208255071),
    "BRAF": ("chr7", 140730665, 140924929),
    "KRAS": FACTS_SPANS["KRAS"],
    "ERBB2": FACTS_SPANS["ERBB2"],
    "FGFR2": FACTS_SPANS["FGFR2"],
}

CSQ_FIELDS = [
    "Allele",
    "Consequence",
    "IMPACT",
    "SYMBOL",
    "Gene",
    "Feature_type",
    "Feature",
    "BIOTYPE",
    "EXON",
    "INTRON",
    "HGVSc",
    "HGVSp",
    "cDNA_position",
    "CDS_position",
    "Protein_position",
    "Amino_acids",
    "Codons",
    "Existing_variation",
    "DISTANCE",
    "STRAND",
    "FLAGS",
    "VARIANT_CLASS",
    "SYMBOL_SOURCE",
    "HGNC_ID",
    "CANONICAL",
    "MANE",
    "MANE_SELECT",
    "MANE_PLUS_CLINICAL",
    "TSL",
    "APPRIS",
    "CCDS",
    "ENSP",
    "SWISSPROT",
    "TREMBL",
    "UNIPARC",
    "UNIPROT_ISOFORM",
    "GENE_PHENO",
    "SIFT",
    "PolyPhen",
    "DOMAINS",
    "miRNA",
    "HGVS_OFFSET",
    "AF",
    "AFR_AF",
    "AMR_AF",
    "EAS_AF",
    "EUR_AF",
    "SAS_AF",
    "gnomADe_AF",
    "gnomADe_AFR_AF",
    "gnomADe_AMR_AF",
    "gnomADe_ASJ_AF",
    "gnomADe_EAS_AF",
    "gnomADe_FIN_AF",
    "gnomADe_MID_AF",
    "gnomADe_NFE_AF",
    "gnomADe_REMAINING_AF",
    "gnomADe_SAS_AF",
    "gnomADg_AF",
    "gnomADg_AFR_AF",
    "gnomADg_AMI_AF",
    "gnomADg_AMR_AF",
    "gnomADg_ASJ_AF",
    "gnomADg_EAS_AF",
    "gnomADg_FIN_AF",
    "gnomADg_MID_AF",
    "gnomADg_NFE_AF",
    "gnomADg_REMAINING_AF",
    "gnomADg_SAS_AF",
    "MAX_AF",
    "MAX_AF_POPS",
    "CLIN_SIG",
    "SOMATIC",
    "PHENO",
    "PUBMED",
    "MOTIF_NAME",
    "MOTIF_POS",
    "HIGH_INF_POS",
    "MOTIF_SCORE_CHANGE",
    "TRANSCRIPTION_FACTORS",
]

HEADER_FILTERS = """##FILTER=<ID=PASS,Description="All filters passed">
##FILTER=<ID=FAIL,Description="Fail the site if all alleles fail but for different reasons.">
##FILTER=<ID=base_qual,Description="alt median base quality">
##FILTER=<ID=clustered_events,Description="Clustered events observed in the tumor">
##FILTER=<ID=contamination,Description="contamination">
##FILTER=<ID=duplicate,Description="evidence for alt allele is overrepresented by apparent duplicates">
##FILTER=<ID=fragment,Description="abs(ref - alt) median fragment length">
##FILTER=<ID=germline,Description="Evidence indicates this site is germline, not somatic">
##FILTER=<ID=haplotype,Description="Variant near filtered variant on same haplotype.">
##FILTER=<ID=low_allele_frac,Description="Allele fraction is below specified threshold">
##FILTER=<ID=map_qual,Description="ref - alt median mapping quality">
##FILTER=<ID=multiallelic,Description="Site filtered because too many alt alleles pass tumor LOD">
##FILTER=<ID=n_ratio,Description="Ratio of N to alt exceeds specified ratio">
##FILTER=<ID=normal_artifact,Description="artifact_in_normal">
##FILTER=<ID=orientation,Description="orientation bias detected by the orientation bias mixture model">
##FILTER=<ID=panel_of_normals,Description="Blacklisted site in panel of normals">
##FILTER=<ID=position,Description="median distance of alt variants from end of reads">
##FILTER=<ID=possible_numt,Description="Allele depth is below expected coverage of NuMT in autosome">
##FILTER=<ID=slippage,Description="Site filtered due to contraction of short tandem repeat region">
##FILTER=<ID=strand_bias,Description="Evidence for alt allele comes from one read direction only">
##FILTER=<ID=strict_strand,Description="Evidence for alt allele is not represented in both directions">
##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">"""

HEADER_FORMATS = """##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles in the order listed">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles in the tumor">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth (reads with MQ=255 or with bad mates are filtered)">
##FORMAT=<ID=F1R2,Number=R,Type=Integer,Description="Count of reads in F1R2 pair orientation supporting each allele">
##FORMAT=<ID=F2R1,Number=R,Type=Integer,Description="Count of reads in F2R1 pair orientation supporting each allele">
##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype Quality">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=PGT,Number=1,Type=String,Description="Physical phasing haplotype information, describing how the alternate alleles are phased in relation to one another; will always be heterozygous and is not intended to describe called alleles">
##FORMAT=<ID=PID,Number=1,Type=String,Description="Physical phasing ID information, where each unique ID within a given sample (but not across samples) connects records within a phasing group">
##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Normalized, Phred-scaled likelihoods for genotypes as defined in the VCF specification">
##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phasing set (typically the position of the first variant in the set)">
##FORMAT=<ID=SB,Number=4,Type=Integer,Description="Per-sample component statistics which comprise the Fisher's Exact Test to detect strand bias.">"""

HEADER_INFOS = """##INFO=<ID=AS_FilterStatus,Number=A,Type=String,Description="Filter status for each allele, as assessed by ApplyRecalibration. Note that the VCF filter field will reflect the most lenient/sensitive status across all alleles.">
##INFO=<ID=AS_SB_TABLE,Number=1,Type=String,Description="Allele-specific forward/reverse read counts for strand bias tests. Includes the reference and alleles separated by |.">
##INFO=<ID=AS_UNIQ_ALT_READ_COUNT,Number=A,Type=Integer,Description="Number of reads with unique start and mate end positions for each alt at a variant site">
##INFO=<ID=CONTQ,Number=1,Type=Float,Description="Phred-scaled qualities that alt allele are not due to contamination">
##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth; some reads may have been filtered">
##INFO=<ID=ECNT,Number=1,Type=Integer,Description="Number of events in this haplotype">
##INFO=<ID=GERMQ,Number=1,Type=Integer,Description="Phred-scaled quality that alt alleles are not germline variants">
##INFO=<ID=MBQ,Number=R,Type=Integer,Description="median base quality">
##INFO=<ID=MFRL,Number=R,Type=Integer,Description="median fragment length">
##INFO=<ID=MMQ,Number=R,Type=Integer,Description="median mapping quality">
##INFO=<ID=MPOS,Number=A,Type=Integer,Description="median distance from end of read">
##INFO=<ID=NALOD,Number=A,Type=Float,Description="Negative log 10 odds of artifact in normal with same allele fraction as tumor">
##INFO=<ID=NCount,Number=1,Type=Integer,Description="Count of N bases in the pileup">
##INFO=<ID=NLOD,Number=A,Type=Float,Description="Normal log 10 likelihood ratio of diploid het or hom alt genotypes">
##INFO=<ID=OCM,Number=1,Type=Integer,Description="Number of alt reads whose original alignment doesn't match the current contig.">
##INFO=<ID=PON,Number=0,Type=Flag,Description="site found in panel of normals">
##INFO=<ID=POPAF,Number=A,Type=Float,Description="negative log 10 population allele frequencies of alt alleles">
##INFO=<ID=ROQ,Number=1,Type=Float,Description="Phred-scaled qualities that alt allele are not due to read orientation artifact">
##INFO=<ID=RPA,Number=R,Type=Integer,Description="Number of times tandem repeat unit is repeated, for each allele (including reference)">
##INFO=<ID=RU,Number=1,Type=String,Description="Tandem repeat unit (bases)">
##INFO=<ID=SEQQ,Number=1,Type=Integer,Description="Phred-scaled quality that alt alleles are not sequencing errors">
##INFO=<ID=STR,Number=0,Type=Flag,Description="Variant is a short tandem repeat">
##INFO=<ID=STRANDQ,Number=1,Type=Integer,Description="Phred-scaled quality of strand bias artifact">
##INFO=<ID=STRQ,Number=1,Type=Integer,Description="Phred-scaled quality that alt alleles in STRs are not polymerase slippage errors">
##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score of variant existing versus not existing">"""


def header() -> list[str]:
    pre = "CCA-DEMO-001"
    lines = [
        "##fileformat=VCFv4.2",
        f"##profiler_demo=SYNTHETIC demo case {pre}, written by sample_data/make_demo_vcf.py (seed {SEED}); "
        "not patient data. Only the IDH1 R132C and TP53 R273H calls are real variants; background calls are random.",
    ]
    lines += HEADER_FILTERS.splitlines() + HEADER_FORMATS.splitlines()
    lines += [
        f'##GATKCommandLine=<ID=FilterMutectCalls,CommandLine="FilterMutectCalls --output {pre}.filtered.vcf.gz '
        f"--stats {pre}.unfiltered.vcf.gz.stats --contamination-table {pre}.contamination.table "
        f"--tumor-segmentation {pre}.segments.table --ob-priors {pre}.read-orientation-model.tar.gz "
        f"--variant {pre}.unfiltered.vcf.gz --reference {REFERENCE} --threshold-strategy OPTIMAL_F_SCORE "
        "--f-score-beta 1.0 --false-discovery-rate 0.05 --initial-threshold 0.1 --mitochondria-mode false "
        "--max-events-in-region 2 --max-alt-allele-count 1 --unique-alt-read-count 0 --min-median-mapping-quality 30 "
        "--min-median-base-quality 20 --max-median-fragment-length-difference 10000 --min-median-read-position 1 "
        "--max-n-ratio Infinity --min-reads-per-strand 0 --min-allele-fraction 0.0 --contamination-estimate 0.0 "
        "--normal-p-value-threshold 0.001 --min-slippage-length 8 --pcr-slippage-rate 0.1 --distance-on-haplotype 100 "
        '--long-indel-length 5 --verbosity INFO",Version="4.1.9.0",Date="March 14, 2025 4:51:09 PM CET">',
        f'##GATKCommandLine=<ID=Mutect2,CommandLine="Mutect2 --input {pre}-T.bam --input {pre}-N.bam '
        f"--normal-sample {NORMAL} --germline-resource /refs/af-only-gnomad.hg38.vcf.gz "
        f"--panel-of-normals /refs/1000g_pon.hg38.vcf.gz --f1r2-tar-gz {pre}.f1r2.tar.gz "
        f"--output {pre}.unfiltered.vcf.gz --reference {REFERENCE} --af-of-alleles-not-in-resource -1.0 "
        "--tumor-lod-to-emit 3.0 --initial-tumor-lod 2.0 --normal-lod 2.2 --max-population-af 0.01 "
        '--genotype-germline-sites false --genotype-pon-sites false --verbosity INFO",Version="4.1.9.0",'
        'Date="March 14, 2025 1:27:33 PM CET">',
    ]
    lines += HEADER_INFOS.splitlines()
    lines += ["##MutectVersion=2.2"] + [f"##contig=<ID={c},length={n}>" for c, n in CONTIGS]
    lines += [
        "##filtering_status=These calls have been filtered by FilterMutectCalls to label false positives "
        "with a list of failed filters and true positives with PASS.",
        f"##normal_sample={NORMAL}",
        "##source=FilterMutectCalls",
        "##source=Mutect2",
        f"##tumor_sample={TUMOR}",
    ]
    lines += [
        '##VEP="v113.0" API="v113" time="2025-03-14 17:30:12" cache="[PATH]/vep_cache/homo_sapiens/113_GRCh38" '
        "ensembl=113.58650ec ensembl-compara=113.d7a53c5 ensembl-funcgen=113.e30608c ensembl-io=113.bee6816 "
        'ensembl-variation=113.cef2add 1000genomes="phase3" COSMIC="99" ClinVar="202404" HGMD-PUBLIC="20204" '
        'assembly="GRCh38.p14" dbSNP="156" gencode="GENCODE 47" genebuild="GENCODE47" gnomADe="v4.1" '
        'gnomADg="v4.1" polyphen="2.2.3" regbuild="1.0" sift="6.2.1"',
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: '
        + "|".join(CSQ_FIELDS)
        + '">',
        "##VEP-command-line='vep --assembly GRCh38 --cache --database 0 --dir_cache [PATH]/vep_cache --everything "
        f"--fasta [PATH]/Homo_sapiens_assembly38.fasta --force_overwrite --fork 4 --input_file {pre}.filtered.vcf.gz "
        f"--offline --output_file {pre}.mutect2.vep.vcf --transcript_version --vcf'",
    ]
    return lines


def fmt_double(d: float) -> str:
    """Number formatting of htsjdk's VCF writer (formatVCFDouble)."""
    if d < 1:
        if d < 0.01:
            return f"{d:.3e}" if abs(d) >= 1e-20 else "0.00"
        return f"{d:.3f}"
    return f"{d:.2f}"


def csq(**values: str) -> str:
    row = {k: "" for k in CSQ_FIELDS}
    for k, v in values.items():
        row[k] = (
            str(v).replace("=", "%3D").replace(",", "%2C").replace(";", "%3B").replace("|", "%7C")
        )
    return "|".join(row[k] for k in CSQ_FIELDS)


def vep_allele(ref: str, alt: str) -> tuple[str, str]:
    if len(ref) == len(alt) == 1:
        return alt, "SNV"
    if len(ref) > len(alt):
        return "-", "deletion"
    return alt[1:], "insertion"


def intergenic_csq(ref: str, alt: str) -> str:
    allele, vclass = vep_allele(ref, alt)
    return csq(
        Allele=allele, Consequence="intergenic_variant", IMPACT="MODIFIER", VARIANT_CLASS=vclass
    )


def intron_csq(symbol: str, ref: str, alt: str) -> str:
    gene, feature, hgnc, strand, mane, ensp = INTRONIC[symbol]
    allele, vclass = vep_allele(ref, alt)
    return csq(
        Allele=allele,
        Consequence="intron_variant",
        IMPACT="MODIFIER",
        SYMBOL=symbol,
        Gene=gene,
        Feature_type="Transcript",
        Feature=feature,
        BIOTYPE="protein_coding",
        STRAND=strand,
        VARIANT_CLASS=vclass,
        SYMBOL_SOURCE="HGNC",
        HGNC_ID=hgnc,
        CANONICAL="YES",
        MANE="MANE_Select",
        MANE_SELECT=mane,
        ENSP=ensp,
    )


def idh1_r132c_csq() -> str:
    gene, feature, hgnc, strand, mane, ensp = INTRONIC["IDH1"]
    return csq(
        Allele="A",
        Consequence="missense_variant",
        IMPACT="MODERATE",
        SYMBOL="IDH1",
        Gene=gene,
        Feature_type="Transcript",
        Feature=feature,
        BIOTYPE="protein_coding",
        EXON="4/10",
        HGVSc="ENST00000345146.7:c.394C>T",
        HGVSp="ENSP00000260985.2:p.Arg132Cys",
        CDS_position="394",
        Protein_position="132",
        Amino_acids="R/C",
        Codons="Cgt/Tgt",
        STRAND=strand,
        VARIANT_CLASS="SNV",
        SYMBOL_SOURCE="HGNC",
        HGNC_ID=hgnc,
        CANONICAL="YES",
        MANE="MANE_Select",
        MANE_SELECT=mane,
        ENSP=ensp,
    )


def tp53_r273h_csq() -> str:
    """TP53 R273H on the MANE Select transcript (see the module docstring for the source)."""
    return csq(
        Allele="T",
        Consequence="missense_variant",
        IMPACT="MODERATE",
        SYMBOL="TP53",
        Gene="ENSG00000141510",
        Feature_type="Transcript",
        Feature="ENST00000269305.9",
        BIOTYPE="protein_coding",
        HGVSc="ENST00000269305.9:c.818G>A",
        HGVSp="ENSP00000269305:p.Arg273His",
        CDS_position="818",
        Protein_position="273",
        Amino_acids="R/H",
        Codons="cGt/cAt",
        STRAND="-1",
        VARIANT_CLASS="SNV",
        SYMBOL_SOURCE="HGNC",
        HGNC_ID="HGNC:11998",
        CANONICAL="YES",
        MANE="MANE_Select",
        MANE_SELECT="NM_000546.6",
        ENSP="ENSP00000269305",
    )


def split(n: int, frac: float) -> tuple[int, int]:
    a = round(n * frac)
    return a, n - a


def mutect_record(
    rng,
    chrom,
    pos,
    ref,
    alt,
    filt,
    t_ref,
    t_alt,
    n_ref,
    n_alt,
    csq_entry,
    *,
    ecnt=1,
    tlod=None,
    alt_fwd=0.5,
    alt_f1r2=0.5,
    mbq_alt=None,
    mmq_alt=60,
    mpos=None,
) -> tuple[int, int, str]:
    """One Mutect2+FilterMutectCalls record; normal column first (alphabetical sample order)."""
    t_dp, n_dp = t_ref + t_alt, n_ref + n_alt
    t_rf, t_rr = split(t_ref, rng.uniform(0.46, 0.54))
    t_af, t_ar = split(t_alt, alt_fwd if alt_fwd != 0.5 else rng.uniform(0.4, 0.6))
    n_rf, n_rr = split(n_ref, rng.uniform(0.46, 0.54))
    n_af, n_ar = split(n_alt, 0.5)
    t_f1, n_f1 = round(t_ref * rng.uniform(0.46, 0.54)), round(n_ref * 0.5)
    t_a1 = round(t_alt * (alt_f1r2 if alt_f1r2 != 0.5 else rng.uniform(0.4, 0.6)))
    n_a1 = round(n_alt * 0.5)

    def sample(gt, r, a, f1r, f1a, sb):
        af = (a + 1) / (r + a + 2)  # Mutect2 AF is a posterior estimate close to alt/(ref+alt)
        return (
            f"{gt}:{r},{a}:{fmt_double(af)}:{r + a + rng.randint(0, 2)}:{f1r},{f1a}:{r - f1r},{a - f1a}:"
            + ",".join(map(str, sb))
        )

    normal = sample("0/0", n_ref, n_alt, n_f1, n_a1, (n_rf, n_rr, n_af, n_ar))
    tumor = sample("0/1", t_ref, t_alt, t_f1, t_a1, (t_rf, t_rr, t_af, t_ar))
    vaf = t_alt / t_dp
    if tlod is None:
        tlod = max(3.2, t_alt * (2.0 + 3.0 * vaf) * rng.uniform(0.9, 1.1))
    nalod = -rng.uniform(0.8, 2.5) if n_alt else 1.2 + 0.006 * n_dp
    nlod = 0.301 * n_dp * (0.5 if n_alt else 1.0)
    as_status = "SITE" if filt == "PASS" else filt.replace(";", ",")
    info = [
        f"AS_FilterStatus={as_status}",
        f"AS_SB_TABLE={t_rf + n_rf},{t_rr + n_rr}|{t_af + n_af},{t_ar + n_ar}",
        f"DP={t_dp + n_dp + rng.randint(1, 6)}",
        f"ECNT={ecnt}",
        "GERMQ=93",
        f"MBQ={rng.choice([36, 37, 37, 38])},{mbq_alt or rng.choice([35, 36, 37, 37])}",
        f"MFRL={rng.randint(290, 345)},{rng.randint(280, 350)}",
        f"MMQ=60,{mmq_alt}",
        f"MPOS={mpos if mpos is not None else rng.randint(16, 36)}",
        f"NALOD={fmt_double(nalod)}",
        f"NLOD={fmt_double(nlod)}",
        "POPAF=6.00",
    ]
    info += [f"TLOD={fmt_double(tlod)}", f"CSQ={csq_entry}"]
    line = "\t".join(
        [
            chrom,
            str(pos),
            ".",
            ref,
            alt,
            ".",
            filt,
            ";".join(info),
            "GT:AD:AF:DP:F1R2:F2R1:SB",
            normal,
            tumor,
        ]
    )
    return CONTIG_INDEX[chrom], pos, line


def too_close(chrom: str, pos: int, used: list[tuple[str, int]], gap: int) -> bool:
    return any(c == chrom and abs(p - pos) < gap for c, p in used)


def in_facts_span(chrom: str, pos: int, margin: int = 10000) -> bool:
    return any(c == chrom and s - margin <= pos <= e + margin for c, s, e in FACTS_SPANS.values())


def random_snv(rng) -> tuple[str, str]:
    # pyrimidine-context spectrum (C>T dominant), then strand-flipped half the time
    ref, alt = rng.choices(
        [("C", "T"), ("C", "A"), ("C", "G"), ("T", "C"), ("T", "A"), ("T", "G")],
        weights=[40, 16, 9, 20, 8, 7],
    )[0]
    if rng.random() < 0.5:
        comp = {"A": "T", "C": "G", "G": "C", "T": "A"}
        ref, alt = comp[ref], comp[alt]
    return ref, alt


def random_indel(rng) -> tuple[str, str]:
    bases = "ACGT"
    anchor = rng.choice(bases)
    if rng.random() < 0.5:  # deletion of 1-3 bases
        deleted = "".join(rng.choice(bases) for _ in range(rng.randint(1, 3)))
        return anchor + deleted, anchor
    inserted = "".join(rng.choice(bases) for _ in range(rng.randint(1, 2)))
    return anchor, anchor + inserted


def draw_background(rng) -> list[tuple[int, int, str]]:
    records: list[tuple[int, int, str]] = []
    used: list[tuple[str, int]] = list(KEEP_CLEAR)
    weights = [
        n for c, n in CONTIGS[:23]
    ]  # autosomes + chrX (the patient is female: no chrY calls)

    # filters for the non-PASS share; clustered_events are emitted as triplets further below
    filter_pool = (
        ["weak_evidence"] * 30
        + ["strand_bias"] * 9
        + ["orientation"] * 7
        + ["base_qual"] * 4
        + ["map_qual"] * 4
        + ["normal_artifact"] * 5
        + ["position"] * 3
        + ["strand_bias;weak_evidence"] * 4
        + ["haplotype"] * 2
    )

    n_intronic = 14
    intronic_genes = [g for g in INTRONIC for _ in range(3)][:n_intronic]
    cluster_triplets = 3
    n_single = N_BACKGROUND - n_intronic - 3 * cluster_triplets

    def tumor_depth():
        return int(min(900, max(150, rng.lognormvariate(5.95, 0.35))))

    def pass_vaf():
        return (
            min(0.45, max(0.05, rng.gauss(0.29, 0.045)))
            if rng.random() < 0.55
            else rng.uniform(0.05, 0.18)
        )

    def one_call(chrom, pos, csq_fn, filt, ecnt=1):
        is_indel = rng.random() < 0.07
        if is_indel:
            ref, alt = random_indel(rng)
        else:
            ref, alt = random_snv(rng)
        depth = tumor_depth()
        n_depth = rng.randint(80, 300)
        kw = {}
        if filt == "weak_evidence" or filt == "strand_bias;weak_evidence":
            t_alt = rng.randint(3, 6)
            kw["tlod"] = rng.uniform(3.1, 6.2)
        else:
            t_alt = max(6, round(depth * pass_vaf()))
        n_alt = 0
        if "strand_bias" in filt:
            kw["alt_fwd"] = rng.choice([1.0, 0.0])
        if filt == "orientation":
            kw["alt_f1r2"] = rng.choice([1.0, 0.0])
        if filt == "base_qual":
            kw["mbq_alt"] = rng.randint(12, 19)
        if filt == "map_qual":
            kw["mmq_alt"] = rng.randint(18, 29)
        if filt == "position":
            kw["mpos"] = rng.randint(1, 3)
        if filt == "normal_artifact":
            n_alt = rng.randint(2, 5)
        if filt == "haplotype":
            ecnt = 2
        t_alt = min(t_alt, depth - 10)
        return mutect_record(
            rng,
            chrom,
            pos,
            ref,
            alt,
            filt,
            depth - t_alt,
            t_alt,
            n_depth - n_alt,
            n_alt,
            csq_fn(ref, alt),
            ecnt=ecnt,
            **kw,
        )

    # intronic background inside FACTS gene spans (MANE Select transcripts)
    for gene in intronic_genes:
        chrom, start, end = INTRONIC_SPANS[gene]
        while True:
            pos = rng.randint(start + 200, end - 200)
            if not too_close(chrom, pos, KEEP_CLEAR, 5000) and not too_close(
                chrom, pos, used, 1000
            ):
                break
        used.append((chrom, pos))
        records.append(one_call(chrom, pos, lambda r, a, g=gene: intron_csq(g, r, a), "PASS"))

    # single intergenic calls
    for _ in range(n_single):
        while True:
            chrom = rng.choices([c for c, _ in CONTIGS[:23]], weights=weights)[0]
            length = dict(CONTIGS)[chrom]
            pos = rng.randint(1_000_000, length - 1_000_000)
            if not in_facts_span(chrom, pos) and not too_close(chrom, pos, used, 5000):
                break
        used.append((chrom, pos))
        filt = "PASS" if rng.random() < 0.75 else rng.choice(filter_pool)
        records.append(one_call(chrom, pos, intergenic_csq, filt))

    # clustered_events: three calls within ~80 bp on one haplotype (ECNT=3)
    for _ in range(cluster_triplets):
        while True:
            chrom = rng.choices([c for c, _ in CONTIGS[:23]], weights=weights)[0]
            pos = rng.randint(1_000_000, dict(CONTIGS)[chrom] - 1_000_000)
            if not in_facts_span(chrom, pos) and not too_close(chrom, pos, used, 5000):
                break
        used.append((chrom, pos))
        for offset in sorted(rng.sample(range(0, 80), 3)):
            records.append(
                one_call(chrom, pos + offset, intergenic_csq, "clustered_events", ecnt=3)
            )
    return records


def main() -> None:
    rng = random.Random(SEED)
    records = draw_background(rng)
    # the actionable call: IDH1 R132C, FACTS.md Part 1a GRCh38 2:208248389 G>A; VAF 128/412 = 0.31
    records.append(
        mutect_record(
            rng,
            "chr2",
            208248389,
            "G",
            "A",
            "PASS",
            284,
            128,
            187,
            0,
            idh1_r132c_csq(),
            tlod=389.72,
        )
    )
    # out-of-KB driver typical of iCCA: TP53 R273H (GRCh38 17:7673802 C>T); VAF 96/305 = 0.31
    records.append(
        mutect_record(
            rng, "chr17", 7673802, "C", "T", "PASS", 209, 96, 160, 0, tp53_r273h_csq(), tlod=280.4
        )
    )
    records.sort(key=lambda r: (r[0], r[1]))
    text = (
        "\n".join(header())
        + "\n"
        + "#"
        + "\t".join(
            ["CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", NORMAL, TUMOR]
        )
        + "\n"
    )
    text += "".join(r[2] + "\n" for r in records)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "demo.vcf"
        plain.write_text(text)
        pysam.tabix_compress(str(plain), str(OUT), force=True)
    pysam.tabix_index(str(OUT), preset="vcf", force=True)
    print(f"wrote {OUT} ({len(records)} records, {os.path.getsize(OUT)} bytes) and {OUT}.tbi")


if __name__ == "__main__":
    main()
