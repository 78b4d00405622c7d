"""Annotation and matching of detected events against the knowledge base."""
