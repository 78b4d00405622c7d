"""The validated KB document turned into typed, read-only entries (profiler.kb.entries)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from profiler.kb.codons import codons_from
from profiler.kb.entries import (
    Agent,
    Alteration,
    AssemblyInfo,
    ConditionalText,
    Gene,
    GeneSpan,
    Guidance,
    Hotspot,
    HotspotLocus,
    Indication,
    KnowledgeBase,
    Regimen,
    RegimenAlias,
    Therapy,
    TrialCriterion,
    TrialEntry,
    references_from,
)


def build_knowledgebase(doc: dict[str, Any], kb_dir: Path) -> KnowledgeBase:
    """Typed entries from a document that has already passed validation."""
    manifest = doc["manifest"]
    genes = {
        g["symbol"]: Gene(
            symbol=g["symbol"],
            strand=g["strand"],
            mane_refseq=g["mane_select"].get("refseq"),
            mane_ensembl=g["mane_select"].get("ensembl"),
            transcript_status=g["mane_select"]["status"],
            other_transcripts=tuple(t["id"] for t in g.get("other_transcripts", [])),
            spans={
                asm: GeneSpan(chrom=str(s["chrom"]), start=s["start"], end=s["end"])
                for asm, s in g["spans"].items()
            },
        )
        for g in doc["genes"]["genes"]
    }
    hotspots = tuple(
        Hotspot(
            id=h["id"],
            gene=h["gene"],
            protein_change=h["protein_change"],
            hgvs_p=h["hgvs_p"],
            hgvs_c=h["hgvs_c"],
            transcript=h["transcript"],
            coordinates={
                asm: HotspotLocus(
                    chrom=str(c["chrom"]),
                    pos=c["pos"],
                    ref=c["ref"],
                    alt=c["alt"],
                    status=c["status"],
                )
                for asm, c in h["coordinates"].items()
            },
        )
        for h in doc["hotspots"]["hotspots"]
    )
    alterations = tuple(_alteration(a) for a in doc["alterations"]["alterations"])
    assemblies = {
        name: AssemblyInfo(
            name=name,
            aliases=tuple(info["aliases"]),
            contig_lengths={str(k): int(v) for k, v in info["contig_lengths"].items()},
        )
        for name, info in doc["assemblies"]["assemblies"].items()
    }
    standard = doc["standard_therapy"]
    regimens = tuple(
        Regimen(
            id=r["id"],
            name=r["name"],
            role=r["role"],
            when=r["when"],
            evidence_status=r["evidence"]["status"],
            trial=r["evidence"]["trial"],
            nct_ids=tuple(r["evidence"]["nct"]),
            result=r["evidence"]["result"],
            approval=r["evidence"]["approval"],
            notes=tuple(r["notes"]),
            unverified=tuple(r["unverified"]),
            references=references_from(r["references"]),
            agents=tuple(r["agents"]),
            cautions=_conditional(r.get("cautions", [])),
            contraindications=_conditional(r.get("contraindications", [])),
        )
        for r in standard["regimens"]
    )
    guidance = tuple(
        Guidance(
            id=g["id"],
            severity=g["severity"],
            text=g["text"],
            when=g["when"],
            references=references_from(g["references"]),
        )
        for g in standard["guidance"]
    )
    trials = tuple(
        TrialEntry(
            nct_id=t["nct_id"],
            title=t["title"],
            phase=t["phase"],
            status=t["status"],
            last_updated=t["last_updated"],
            arms=tuple(t.get("arms", [])),
            criteria=tuple(
                TrialCriterion(
                    id=c["id"],
                    kind=c["kind"],
                    text=c["text"],
                    values=tuple(c.get("values", ())),
                    min=c.get("min"),
                    max=c.get("max"),
                    min_exclusive=c.get("min_exclusive"),
                    labs=tuple(c.get("labs", ())),
                    raised_max=c.get("raised_max", {}).get("max"),
                    raised_with=tuple(c.get("raised_max", {}).get("with", ())),
                )
                for c in t["criteria"]
            ),
            references=references_from(t["references"]),
            sponsor=t.get("sponsor"),
        )
        for t in doc["trials"]["trials"]
    )
    return KnowledgeBase(
        name=manifest["name"],
        version=str(manifest["version"]),
        release_date=str(manifest["release_date"]),
        genes=genes,
        hotspots=hotspots,
        alterations=alterations,
        assemblies=assemblies,
        thresholds=tuple(doc["thresholds"]["thresholds"]),
        path=str(kb_dir),
        codons=codons_from(doc["hotspots"]),
        regimens=regimens,
        guidance=guidance,
        trials=trials,
        agents=tuple(
            Agent(id=a["id"], drug_class=a["class"], names=tuple(a["names"]))
            for a in doc["agents"]["agents"]
        ),
        regimen_aliases=tuple(
            RegimenAlias(names=tuple(r["names"]), agents=tuple(r["agents"]))
            for r in doc["agents"]["regimen_aliases"]
        ),
    )


def _conditional(items: list[dict[str, Any]]) -> tuple[ConditionalText, ...]:
    return tuple(ConditionalText(when=i["when"], text=i["text"]) for i in items)


def _alteration(a: dict[str, Any]) -> Alteration:
    escat = a.get("escat") or {}
    return Alteration(
        id=a["id"],
        label=a["label"],
        gene=a["gene"],
        category=a["category"],
        match=a["match"],
        oncokb_level=(a.get("oncokb") or {}).get("level"),
        escat_tier=escat.get("tier"),
        escat_status=escat.get("status"),
        notes=tuple(a.get("notes", [])),
        therapies=tuple(_therapy(t) for t in a["therapies"]),
        references=references_from(a["references"]),
        review_date=a["review_date"],
    )


def _therapy(t: dict[str, Any]) -> Therapy:
    trial = t.get("pivotal_trial") or {}
    fda = t["fda"]
    return Therapy(
        agents=tuple(t["agents"]),
        brand_names=tuple(t.get("brand_names", [])),
        oncokb_level=t.get("oncokb_level"),
        amp_tier=t["amp_tier"],
        fda_status=fda["status"],
        fda_scope=fda["scope"],
        fda_date=fda.get("date"),
        fda_detail=fda.get("detail"),
        pivotal_trial=trial.get("name"),
        nct_ids=tuple(trial.get("nct", [])),
        key_result=t.get("key_result"),
        condition=t.get("condition"),
        notes=tuple(t.get("notes", [])),
        unverified=tuple(t.get("unverified", [])),
        references=references_from(t["references"]),
        indication=Indication(**t["indication"]) if t.get("indication") else None,
    )
