"""Short protein names are what the report shows and what KB rules match on."""

import pytest

from profiler.io.hgvs import (
    is_missense,
    parse_substitution,
    short_protein_change,
    strip_hgvs_prefix,
)


@pytest.mark.parametrize(
    ("hgvs_p", "short"),
    [
        ("p.Arg132Cys", "R132C"),
        ("ENSP00000345146.2:p.Arg132His", "R132H"),
        ("p.(Val600Glu)", "V600E"),
        ("p.Gly12Cys", "G12C"),
        ("p.Gly12Asp", "G12D"),
        ("p.Arg100Ter", "R100*"),
        ("p.Lys50fs", "K50fs"),
        ("ENSP00000269571.5:p.Ser310Phe", "S310F"),
        ("p.Val600%3D", "V600="),
        ("p.?", None),
        ("", None),
        (None, None),
    ],
)
def test_short_protein_change(hgvs_p, short):
    assert short_protein_change(hgvs_p) == short


def test_strip_prefix_unescapes_vep_equals():
    assert strip_hgvs_prefix("ENST00000345146.7:c.394C>T") == "c.394C>T"
    assert strip_hgvs_prefix("ENSP1:p.Leu5%3D") == "p.Leu5="


@pytest.mark.parametrize(
    ("short", "missense"),
    [("R132C", True), ("R132R", False), ("R132*", False), ("V600=", False), ("K50fs", False)],
)
def test_is_missense(short, missense):
    assert is_missense(short) is missense


def test_parse_substitution():
    assert parse_substitution("V600E") == ("V", 600, "E")
    assert parse_substitution("V600_K601delinsE") is None
