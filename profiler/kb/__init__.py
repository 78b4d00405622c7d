"""The curated knowledge base: loading, validation and typed entries."""

from profiler.kb.entries import Alteration, Gene, Hotspot, KnowledgeBase, Therapy
from profiler.kb.loader import load_knowledgebase, read_kb_document, validation_errors

__all__ = [
    "Alteration",
    "Gene",
    "Hotspot",
    "KnowledgeBase",
    "Therapy",
    "load_knowledgebase",
    "read_kb_document",
    "validation_errors",
]
