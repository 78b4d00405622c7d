"""How a targeted option fits this patient: label scope, line, fitness and prior therapy.

A biomarker match says an agent has evidence; a tumour board then asks whether the label
covers this patient. Four questions, each answered from KB data and the case:

- Tumour scope: the label's `tumor_scope` against the case's diagnosis. Covered -> the
  option keeps its tier; another subtype (gallbladder carcinoma for a cholangiocarcinoma
  label, distal CCA for futibatinib's intrahepatic label) -> "off-label: approved for ...",
  AMP/ASCO/CAP tier IIC, ordered after on-label options; subtype unknown -> the option
  depends on the anatomical subtype.
- Line: every label in the KB says "previously treated" or "after prior treatment / no
  satisfactory alternative", and the guidance places targeted therapy before *second-line*
  chemotherapy. At the first-line decision the option is shown as an option after
  first-line therapy, never instead of it.
- Fitness: ECOG above 2 puts a performance-status caveat on every targeted option.
- Prior therapy: an agent already received is listed as "already received", not offered;
  a checkpoint inhibitor after earlier PD-1/PD-L1 blockade, or an agent whose class was
  already received, carries a caveat naming the earlier entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from profiler.kb.entries import agent_id
from profiler.model import CaseInfo, TherapyOption
from profiler.recommend.prior import PriorTherapies

CHECKPOINT_INHIBITOR = "checkpoint_inhibitor"
OFF_LABEL_TIER = "IIC"  # AMP/ASCO/CAP: FDA-approved in another tumour type

_BTC_SUBTYPES = frozenset(
    {
        "intrahepatic_cholangiocarcinoma",
        "perihilar_cholangiocarcinoma",
        "distal_cholangiocarcinoma",
        "gallbladder_carcinoma",
    }
)
# Subtypes each label scope covers. A diagnosis of unspecified BTC (or none) decides only
# the scopes that cover every subtype.
_SCOPE_SUBTYPES = {
    "solid_tumors": _BTC_SUBTYPES,
    "biliary_tract_cancer": _BTC_SUBTYPES,
    "cholangiocarcinoma": frozenset(
        {
            "intrahepatic_cholangiocarcinoma",
            "perihilar_cholangiocarcinoma",
            "distal_cholangiocarcinoma",
        }
    ),
    "intrahepatic_cholangiocarcinoma": frozenset({"intrahepatic_cholangiocarcinoma"}),
}
SCOPE_LABELS = {
    "solid_tumors": "solid tumours (tumour-agnostic)",
    "biliary_tract_cancer": "biliary tract cancer",
    "cholangiocarcinoma": "cholangiocarcinoma (not gallbladder carcinoma)",
    "intrahepatic_cholangiocarcinoma": "intrahepatic cholangiocarcinoma only",
}
DIAGNOSIS_LABELS = {
    "intrahepatic_cholangiocarcinoma": "intrahepatic cholangiocarcinoma",
    "perihilar_cholangiocarcinoma": "perihilar cholangiocarcinoma",
    "distal_cholangiocarcinoma": "distal cholangiocarcinoma",
    "gallbladder_carcinoma": "gallbladder carcinoma",
    "biliary_tract_cancer": "biliary tract cancer (subtype not stated)",
}


@dataclass(frozen=True)
class Patient:
    """The case facts an option is fitted to, with prior therapy already recognised."""

    diagnosis: str | None
    line: int | None
    ecog: int | None
    prior: PriorTherapies
    classes: Mapping[str, str]  # agent id -> drug class (agents.yaml)

    @classmethod
    def from_case(
        cls, case: CaseInfo, prior: PriorTherapies, classes: Mapping[str, str]
    ) -> Patient:
        return cls(case.diagnosis, case.line_of_therapy, case.ecog, prior, classes)

    @classmethod
    def unknown(cls) -> Patient:
        """A patient about whom the case says nothing."""
        return cls(None, None, None, PriorTherapies(entries=None), {})


def scope_fit(label_scope: str | None, diagnosis: str | None) -> str:
    """on_label | off_label | depends (subtype unknown) | unlabelled (no FDA label)."""
    if label_scope is None:
        return "unlabelled"
    covered = _SCOPE_SUBTYPES[label_scope]
    if diagnosis in _BTC_SUBTYPES:
        return "on_label" if diagnosis in covered else "off_label"
    return "on_label" if covered == _BTC_SUBTYPES else "depends"


def _line_caveat(option: TherapyOption) -> str:
    if option.label_line == "previously_treated":
        return (
            "Approved for previously treated disease: an option after first-line therapy "
            "(at progression), not instead of first-line gemcitabine-cisplatin with "
            "durvalumab or pembrolizumab."
        )
    if option.label_line == "no_satisfactory_alternative":
        return (
            "Approved after progression on prior treatment or when there is no satisfactory "
            "alternative: at the first-line decision gemcitabine-cisplatin with durvalumab or "
            "pembrolizumab is that alternative; this agent is an option after first-line "
            "therapy."
        )
    return (
        "Targeted therapy is recommended after first-line chemo-immunotherapy, before "
        "second-line chemotherapy: an option after first-line therapy."
    )


def fit_option(option: TherapyOption, patient: Patient) -> TherapyOption:
    """The option as it applies to this patient (exclusion_reason set when not offered)."""
    caveats: list[str] = []
    depends: list[str] = []
    changes: dict[str, object] = {}

    fit = scope_fit(option.label_scope, patient.diagnosis)
    changes["scope_fit"] = fit
    scope = SCOPE_LABELS.get(option.label_scope or "", "")
    if fit == "off_label":
        changes["amp_tier"] = OFF_LABEL_TIER
        changes["evidence_category"] = "off_label"
        caveats.append(
            f"Off-label for {DIAGNOSIS_LABELS[patient.diagnosis or '']}: approved for "
            f"{scope}. AMP/ASCO/CAP tier IIC here (approved in another tumour type)."
        )
    elif fit == "depends":
        depends.append("anatomical subtype")
        caveats.append(
            f"Depends on the anatomical subtype: approved for {scope}; the case does not "
            "state the subtype."
        )

    if patient.line == 1 and option.label_line != "any":
        changes["timing"] = "after_first_line"
        caveats.append(_line_caveat(option))
    elif patient.line is None and option.label_line != "any":
        changes["timing"] = "depends"
        depends.append("line of therapy")

    if patient.ecog is not None and patient.ecog > 2:
        caveats.append(
            f"ECOG performance status {patient.ecog}: above 2, best supportive care is the "
            "standard; a targeted agent is an individual decision, not a standard option."
        )

    reason = _prior_therapy(option, patient, caveats)
    if reason:
        changes["exclusion_reason"] = reason
    return dataclasses.replace(
        option,
        caveats=(*option.caveats, *caveats),
        depends_on=tuple(dict.fromkeys((*option.depends_on, *depends))),
        **changes,  # type: ignore[arg-type]
    )


def _prior_therapy(option: TherapyOption, patient: Patient, caveats: list[str]) -> str | None:
    """Already received -> the exclusion reason; same class / prior checkpoint -> caveat."""
    received = patient.prior.agents
    if not received:
        return None
    agents = [agent_id(a) for a in option.agents]
    classes = {patient.classes.get(a) for a in agents} - {None}
    quoted = "; ".join(f"'{e}'" for e in patient.prior.entries_with(agents))
    if CHECKPOINT_INHIBITOR in classes:
        earlier = [a for a in received if patient.classes.get(a) == CHECKPOINT_INHIBITOR]
        if earlier:
            entries = "; ".join(f"'{e}'" for e in patient.prior.entries_with(earlier))
            caveats.append(
                f"Prior checkpoint-inhibitor therapy ({entries}): benefit of PD-1 blockade "
                "after progression on PD-1/PD-L1 blockade is not established by the evidence "
                "cited here; a tumour-board decision."
            )
        return None
    if set(agents) <= received:
        return f"Already received (prior therapy {quoted})."
    same_class = [a for a in received if patient.classes.get(a) in classes and a not in set(agents)]
    given = [a for a in agents if a in received]
    if same_class or given:
        entries = "; ".join(f"'{e}'" for e in patient.prior.entries_with(same_class + given))
        caveats.append(
            f"An agent of the same class was already received ({entries}): benefit after "
            "it is not established by the evidence cited here."
        )
    return None


def fit_options(
    options: Iterable[TherapyOption], patient: Patient
) -> tuple[list[TherapyOption], list[TherapyOption]]:
    """(options offered to this patient, options not offered with their reason)."""
    offered: list[TherapyOption] = []
    not_offered: list[TherapyOption] = []
    for option in options:
        fitted = fit_option(option, patient)
        (not_offered if fitted.exclusion_reason else offered).append(fitted)
    return offered, not_offered
