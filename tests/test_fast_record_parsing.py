"""The per-record readers give what the plain versions they replaced gave.

VEP entries are read from field positions found once per layout and alleles matched with
fewer steps (io/annotations.py), and FORMAT rows are turned into Python numbers with
numpy's tolist() (io/vcf_metrics.py).
The plain versions are kept here as the reference and both are run on generated input.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from profiler.io import vcf_metrics
from profiler.io.annotations import (
    POPULATION_AF_FIELDS,
    AnnotationFormat,
    TranscriptAnnotation,
    annotations_for_allele,
    vep_allele,
)
from profiler.io.hgvs import strip_hgvs_prefix

# ---------------------------------------------------------------- reference: VEP


def _get(values, index, *names):
    for name in names:
        i = index.get(name)
        if i is not None and values[i] not in ("", "."):
            return values[i]
    return None


def _population_af(values, index):
    found = []
    for name in POPULATION_AF_FIELDS:
        raw = _get(values, index, name)
        for part in (raw or "").split("&"):
            try:
                found.append(float(part))
            except ValueError:
                continue
    return max(found) if found else None


def _mane_kind(values, index, *, select):
    """VEP's MANE field: a MANE Select id/marker, or 'MANE_Plus_Clinical' (not MANE Select)."""
    mane = _get(values, index, "MANE")
    if mane is None or ("plus_clinical" in mane.lower()) == select:
        return None
    return mane


def _parse_vep(values, index):
    allele_num = _get(values, index, "ALLELE_NUM")
    return TranscriptAnnotation(
        allele=_get(values, index, "Allele") or "",
        gene=_get(values, index, "SYMBOL"),
        transcript=_get(values, index, "Feature"),
        consequence=_get(values, index, "Consequence"),
        hgvs_c=strip_hgvs_prefix(_get(values, index, "HGVSc")),
        hgvs_p=strip_hgvs_prefix(_get(values, index, "HGVSp")),
        biotype=_get(values, index, "BIOTYPE"),
        canonical=(_get(values, index, "CANONICAL") or "").upper() == "YES",
        mane_select=_get(values, index, "MANE_SELECT") or _mane_kind(values, index, select=True),
        mane_plus_clinical=_get(values, index, "MANE_PLUS_CLINICAL")
        or _mane_kind(values, index, select=False),
        allele_num=int(allele_num) if allele_num and allele_num.isdigit() else None,
        population_af=_population_af(values, index),
    )


def reference_parse(fields, raw):
    index = {name: i for i, name in enumerate(fields)}
    out = []
    for entry in raw.split(","):
        values = entry.split("|")
        if len(values) < len(fields):
            values += [""] * (len(fields) - len(values))
        out.append(_parse_vep(values, index))
    return out


VEP_NAMES = [
    "Allele",
    "Consequence",
    "IMPACT",
    "SYMBOL",
    "Gene",
    "Feature_type",
    "Feature",
    "BIOTYPE",
    "EXON",
    "HGVSc",
    "HGVSp",
    "CANONICAL",
    "MANE_SELECT",
    "MANE",
    "MANE_PLUS_CLINICAL",
    "ALLELE_NUM",
    *POPULATION_AF_FIELDS,
]
VALUES = [
    "",
    ".",
    "T",
    "-",
    "KRAS",
    "ENST00000311936.8",
    "ENSP00000256078.5:p.Gly12Cys",
    "ENST00000311936.8:c.34G>T",
    "p.Asp%3D",
    "YES",
    "yes",
    "NO",
    "NM_004985.5",
    "MANE_Select",
    "MANE_Plus_Clinical",
    "NM_001374258.1",
    "1",
    "2",
    "x1",
    "0.12",
    "0.1&0.3",
    "&0.2",
    "nan",
    "1e-5",
    " 0.5",
    "missense_variant&splice_region_variant",
]


def _layouts(rng):
    for _ in range(300):
        fields = rng.sample(VEP_NAMES, rng.randint(1, len(VEP_NAMES)))
        if rng.random() < 0.2:  # a repeated name: the last position counts
            fields.append(rng.choice(fields))
        yield tuple(fields)


def test_vep_entries_read_as_before():
    rng = random.Random(7)
    for fields in _layouts(rng):
        fmt = AnnotationFormat(key="CSQ", tool="VEP", fields=fields)
        for _ in range(20):
            entries = []
            for _ in range(rng.randint(1, 3)):
                n = len(fields) + rng.choice((-2, -1, 0, 0, 0, 1, 2))
                entries.append("|".join(rng.choice(VALUES) for _ in range(max(n, 0))))
            raw = ",".join(entries)
            assert repr(fmt.parse(raw)) == repr(reference_parse(fields, raw)), (fields, raw)


def test_vep_entry_fields_by_name():
    fields = ("Allele", "SYMBOL", "HGVSp", "MANE", "gnomADe_AF", "MAX_AF", "ALLELE_NUM")
    fmt = AnnotationFormat(key="CSQ", tool="VEP", fields=fields)
    (entry,) = fmt.parse("T|KRAS|ENSP1.1:p.Gly12Cys|NM_004985.5|0.1&0.4|0.2|2|extra")
    assert (entry.allele, entry.gene, entry.hgvs_p) == ("T", "KRAS", "p.Gly12Cys")
    assert (entry.mane_select, entry.population_af, entry.allele_num) == ("NM_004985.5", 0.4, 2)
    assert entry.transcript is None and entry.canonical is False


# -------------------------------------------------------------- reference: FORMAT


def reference_ints(row):
    out = [None if v in (vcf_metrics._INT_MISSING, vcf_metrics._INT_END) else int(v) for v in row]
    while len(out) > 1 and out[-1] is None:
        out.pop()
    return out


def reference_floats(row):
    try:
        values = [float(v) for v in row]
    except (TypeError, ValueError):
        return None
    return [None if math.isnan(v) else v for v in values]


class Record:
    """Stands in for a cyvcf2 Variant: format(key) gives a (samples x values) array."""

    def __init__(self, arrays):
        self.arrays = arrays

    def format(self, key):
        if key not in self.arrays:
            raise KeyError(key)
        return self.arrays[key]


MISSING, END = vcf_metrics._INT_MISSING, vcf_metrics._INT_END


@pytest.mark.parametrize(
    "array",
    [
        np.array([[10, 5], [211, 139]], dtype=np.int32),
        np.array([[10, END], [7, MISSING]], dtype=np.int32),
        np.array([[MISSING, END]], dtype=np.int32),
        np.array([[3, 4, 5]], dtype=np.int64),
        np.array([[0.397, np.nan]], dtype=np.float32),
        np.array([[0.1234567, 1e-8, 1.0]], dtype=np.float32),
        np.array([[0.1, 0.2]], dtype=np.float64),
        np.array([b"20.97%", b"3"]),
        np.array(["1", "x"]),
    ],
)
def test_format_values_as_before(array):
    record = Record({"K": array})
    for sample in range(array.shape[0]):
        row = array[sample]
        try:
            expected_ints = reference_ints(row)
        except (TypeError, ValueError) as exc:
            with pytest.raises(type(exc)):
                vcf_metrics.format_ints(record, "K", sample)
        else:
            got = vcf_metrics.format_ints(record, "K", sample)
            assert got == expected_ints
            assert [type(v) for v in got] == [type(v) for v in expected_ints]
        expected_floats = reference_floats(row)
        got_floats = vcf_metrics.format_floats(record, "K", sample)
        assert repr(got_floats) == repr(expected_floats)
    assert vcf_metrics.format_ints(record, "absent", 0) is None
    assert vcf_metrics.format_floats(record, "absent", 0) is None


# ------------------------------------------------- reference: allele matching


def reference_vep_allele(ref, alt, all_alts):
    alleles = [ref, *all_alts]
    if (
        all(len(a) > 0 for a in alleles)
        and len({a[0] for a in alleles}) == 1
        and any(len(a) != len(ref) for a in alleles)
    ):
        return alt[1:] or "-"
    return alt


def reference_annotations_for_allele(annotations, tool, ref, alt, alts, allele_index):
    if any(a.allele_num is not None for a in annotations):
        return [a for a in annotations if a.allele_num == allele_index + 1]
    if tool == "SnpEff EFF":
        return list(annotations) if len(alts) == 1 else []
    wanted = {alt}
    if tool == "VEP":
        wanted.add(reference_vep_allele(ref, alt, alts))
    return [a for a in annotations if a.allele in wanted]


def test_allele_matching_as_before():
    rng = random.Random(11)
    bases = ["", "A", "C", "AC", "CA", "ACG", "AT", "*", "<DEL>", "-"]
    for _ in range(5000):
        ref = rng.choice(["A", "C", "AC", "ACG", "", "N"])
        alts = [rng.choice(bases) for _ in range(rng.randint(1, 3))]
        index = rng.randrange(len(alts))
        alt = alts[index]
        assert vep_allele(ref, alt, alts) == reference_vep_allele(ref, alt, alts)
        annotations = [
            TranscriptAnnotation(
                allele=rng.choice([*bases, alt]),
                gene=None,
                transcript=None,
                consequence=None,
                hgvs_c=None,
                hgvs_p=None,
                allele_num=rng.choice([None, None, 1, 2, 3]),
            )
            for _ in range(rng.randint(0, 4))
        ]
        for tool in ("VEP", "SnpEff", "SnpEff EFF"):
            args = (annotations, tool, ref, alt, alts, index)
            assert annotations_for_allele(*args) == reference_annotations_for_allele(*args)
