"""CSQ/ANN layouts come from the header; the reported transcript is MANE/canonical/KB."""

from profiler.io.annotations import (
    TranscriptAnnotation,
    annotations_for_allele,
    choose_transcript,
    described,
    detect_annotation_format,
    vep_allele,
)

VEP_HEADER = (
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
    "VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|"
    'INTRON|HGVSc|HGVSp|CANONICAL|MANE_SELECT|MANE_PLUS_CLINICAL">'
)
SNPEFF_HEADER = (
    "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele | "
    "Annotation | Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | "
    "Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / cDNA.length | CDS.pos / "
    "CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO' \">"
)

KB_GENES = {"BRAF", "KRAS"}
KB_TRANSCRIPTS = {("KRAS", "NM_004985")}


def is_kb_gene(gene):
    return gene in KB_GENES


def is_kb_transcript(gene, transcript):
    return bool(transcript) and (gene, transcript.split(".")[0]) in KB_TRANSCRIPTS


def test_vep_format_read_from_header_not_fixed_positions():
    fmt = detect_annotation_format({"CSQ": VEP_HEADER})
    assert fmt.tool == "VEP" and fmt.key == "CSQ"
    assert fmt.fields[3] == "SYMBOL" and fmt.fields[-1] == "MANE_PLUS_CLINICAL"


def test_snpeff_format_detected_even_under_csq_key():
    fmt = detect_annotation_format({"CSQ": SNPEFF_HEADER.replace("ID=ANN", "ID=CSQ")})
    assert fmt.tool == "SnpEff" and fmt.key == "CSQ"
    assert fmt.fields[:4] == ("Allele", "Annotation", "Annotation_Impact", "Gene_Name")


def test_no_annotation_header():
    assert detect_annotation_format({"DP": '##INFO=<ID=DP,Description="Depth">'}) is None


def test_braf_mane_select_wins_over_plus_clinical_listed_first():
    fmt = detect_annotation_format({"CSQ": VEP_HEADER})
    raw = (
        "T|missense_variant|MODERATE|BRAF|ENSG00000157764|Transcript|ENST00000644969.2|"
        "protein_coding|16/19||ENST00000644969.2:c.1919T>A|ENSP00000496776.1:p.Val640Glu|||"
        "NM_001374258.1,"
        "T|missense_variant|MODERATE|BRAF|ENSG00000157764|Transcript|ENST00000646891.2|"
        "protein_coding|15/18||ENST00000646891.2:c.1799T>A|ENSP00000493543.1:p.Val600Glu|YES|"
        "NM_004333.6|"
    )
    chosen, trusted = choose_transcript(fmt.parse(raw), is_kb_gene, is_kb_transcript)
    assert trusted
    assert chosen.transcript == "ENST00000646891.2"
    assert chosen.hgvs_p == "p.Val600Glu" and chosen.hgvs_c == "c.1799T>A"


def test_kb_gene_without_preferred_transcript_withholds_numbering():
    only_other = [
        TranscriptAnnotation(
            "T",
            "BRAF",
            "ENST00000644969.2",
            "missense_variant",
            "c.1919T>A",
            "p.Val640Glu",
            "protein_coding",
        ),
    ]
    chosen, trusted = choose_transcript(only_other, is_kb_gene, is_kb_transcript)
    assert chosen.gene == "BRAF"
    assert not trusted


def test_snpeff_kb_transcript_listed_second_is_chosen():
    fmt = detect_annotation_format({"ANN": SNPEFF_HEADER})
    raw = (
        "A|missense_variant|MODERATE|KRAS|KRAS|transcript|NM_033360.4|protein_coding|2/6|"
        "c.34G>T|p.Gly12Cys|||||,"
        "A|missense_variant|MODERATE|KRAS|KRAS|transcript|NM_004985.5|protein_coding|2/5|"
        "c.34G>T|p.Gly12Cys|||||"
    )
    chosen, trusted = choose_transcript(fmt.parse(raw), is_kb_gene, is_kb_transcript)
    assert trusted and chosen.transcript == "NM_004985.5"


def test_multiallelic_annotations_split_by_allele():
    fmt = detect_annotation_format({"CSQ": VEP_HEADER})
    raw = (
        "T|missense_variant|MODERATE|GENE1|G1|Transcript|ENST1|protein_coding|||c.1A>T|p.M1L|YES||,"
        "G|stop_gained|HIGH|GENE1|G1|Transcript|ENST1|protein_coding|||c.1A>G|p.M1*|YES||"
    )
    parsed = fmt.parse(raw)
    second = annotations_for_allele(parsed, "VEP", "A", "G", ["T", "G"], 1)
    assert [a.consequence for a in second] == ["stop_gained"]


def test_vep_allele_trims_shared_first_base_for_indels():
    assert vep_allele("A", "AT", ["AT"]) == "T"
    assert vep_allele("AT", "A", ["A"]) == "-"
    assert vep_allele("CA", "TT", ["TT"]) == "TT"


def test_vep_mane_plus_clinical_alone_is_not_taken_for_mane_select():
    """BRAF V600E annotated only on MANE Plus Clinical came out as V640E, Tier III."""
    header = (
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from '
        "Ensembl VEP. Format: Allele|Consequence|SYMBOL|Feature|HGVSp|CANONICAL|MANE|"
        'MANE_SELECT|MANE_PLUS_CLINICAL">'
    )
    fmt = detect_annotation_format({"CSQ": header})
    (only,) = fmt.parse(
        "T|missense_variant|BRAF|ENST00000644969.2|ENSP00000496776.1:p.Val640Glu||"
        "MANE_Plus_Clinical||NM_001374258.1"
    )
    assert only.mane_select is None and only.mane_plus_clinical == "NM_001374258.1"
    chosen, trusted = choose_transcript([only], is_kb_gene, is_kb_transcript)
    assert chosen.gene == "BRAF" and not trusted
    assert described(chosen) == "V640E on ENST00000644969.2 (MANE Plus Clinical)"
    (select,) = fmt.parse(
        "T|missense_variant|BRAF|ENST00000646891.2|p.Val600Glu|YES|MANE_Select|NM_004333.6|"
    )
    assert select.mane_select == "NM_004333.6" and select.mane_plus_clinical is None
