"""Case metadata: validated against case.schema.json; bad files name the field."""

import json

import pytest

from profiler.errors import InputError
from profiler.io.case import read_case

FULL_CASE = {
    "patient_id": "P-001",
    "specimen_id": "S-001",
    "diagnosis": "intrahepatic_cholangiocarcinoma",
    "stage": "IV",
    "age": 61,
    "ecog": 1,
    "line_of_therapy": 2,
    "prior_therapies": ["gemcitabine + cisplatin + durvalumab"],
    "creatinine_clearance_ml_min": 78,
    "her2_ihc": "1+",
    "her2_ish": None,
    "mmr_ihc": "proficient",
    "metastases": {"count": 3, "max_per_organ": 2},
    "tumor_purity": 0.6,
}


def write(tmp_path, data, name="case.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_full_case_round_trips(tmp_path):
    case = read_case(write(tmp_path, FULL_CASE))
    assert case.patient_id == "P-001"
    assert case.ecog == 1
    assert case.prior_therapies == ("gemcitabine + cisplatin + durvalumab",)
    assert case.metastases.count == 3 and case.metastases.max_per_organ == 2
    assert case.unknown_facts() == ()


def test_minimal_case_lists_unknown_facts(tmp_path):
    case = read_case(write(tmp_path, {"patient_id": "P-2"}))
    assert "ecog" in case.unknown_facts()
    assert "line_of_therapy" in case.unknown_facts()


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"ecog": 5}, "ecog"),
        ({"her2_ihc": "3"}, "her2_ihc"),
        ({"diagnosis": "hepatocellular_carcinoma"}, "diagnosis"),
        ({"tumor_purity": 60}, "tumor_purity"),
        ({"metastases": {"count": 2}}, "metastases"),
        ({"labs": {"bilirubin_x_uln": -1}}, "labs/bilirubin_x_uln"),
        ({"labs": {"platelets_10e9_per_l": "150"}}, "labs/platelets_10e9_per_l"),
        ({"life_expectancy_weeks": -4}, "life_expectancy_weeks"),
        ({"liver_metastases": "yes"}, "liver_metastases"),
    ],
)
def test_invalid_values_name_the_field(tmp_path, patch, field):
    path = write(tmp_path, {**FULL_CASE, **patch})
    with pytest.raises(InputError) as info:
        read_case(path)
    assert info.value.field == field
    assert str(path) in str(info.value)


def test_unknown_key_is_refused_not_ignored(tmp_path):
    with pytest.raises(InputError, match="ecog_score"):
        read_case(write(tmp_path, {**FULL_CASE, "ecog_score": 1}))


def test_labs_and_metastatic_sites_are_read(data_dir):
    case = read_case(data_dir / "case" / "icca_line2_jaundiced.json")
    assert case.jaundice is True and case.liver_metastases is True
    assert case.bone_metastases is None
    assert case.life_expectancy_weeks == 26
    assert case.labs.alt_x_uln == 3.8 and case.labs.anc_10e9_per_l == 4.1
    assert case.labs.bilirubin_x_uln is None  # not measured: not guessed


def test_a_lab_without_its_unit_in_the_name_is_refused(tmp_path):
    """'bilirubin' could be mg/dL or x ULN: only the unit-named field is accepted."""
    with pytest.raises(InputError, match="bilirubin") as info:
        read_case(write(tmp_path, {**FULL_CASE, "labs": {"bilirubin": 1.2}}))
    assert info.value.field == "labs"


def test_broken_json_names_the_line(tmp_path):
    path = write(tmp_path, '{\n  "patient_id": "P",\n  "ecog": ,\n}')
    with pytest.raises(InputError) as info:
        read_case(path)
    assert info.value.line == 3
