"""Renderers: turn a finished Report into documents (PDF, HTML, JSON).

Renderers read only the Report they are given, never the input files, so that what a
signed document says is exactly what the Report holds. Submodules are imported on
demand: a JSON-only run must not pay for (or require) WeasyPrint.
"""
