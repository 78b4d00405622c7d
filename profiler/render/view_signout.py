"""The sign-out state as the page shows it: draft mark, report id, signer, amendment.

Its own module because every page carries part of it (the draft mark and the report id
in the page margins) and page 1 carries the rest; the wording lives here once, for the
PDF and the HTML twin alike.
"""

from __future__ import annotations

from typing import Any

from profiler.model import Report

DRAFT_MARK = "DRAFT — not for clinical use"
NO_REPORT_ID = "not assigned"


def document_date(report: Report) -> str | None:
    """The document's creation time for its metadata (PDF CreationDate, dcterms.created).

    The wall-clock time when there is one; with a fixed report date, midnight UTC of that
    date, so that two renders of the same report carry the same metadata.
    """
    p = report.provenance
    if p.generated_at:
        return p.generated_at
    return f"{p.report_date}T00:00:00Z" if p.report_date else None


def sign_out_view(report: Report) -> dict[str, Any]:
    """Status, id and signature lines; `amendment` is the sentence page 1 shows, or None."""
    s = report.sign_out
    amendment = None
    if s.amends:
        amendment = f"Amended report: replaces {s.amends} — {s.amendment_reason}"
    return {
        "status": s.status,
        "is_draft": s.status == "draft",
        "draft_mark": DRAFT_MARK,
        "report_id": s.report_id or NO_REPORT_ID,
        "signed_by": s.signed_by,
        "report_date": report.provenance.report_date,
        "amendment": amendment,
        "document_date": document_date(report),
    }
