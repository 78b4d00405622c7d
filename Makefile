# The README's two commands. Both set up .venv/ first (idempotent).
.PHONY: setup demo test lint bench

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/profiler demo --out demo_out

test: setup
	.venv/bin/python -m pytest -q
	.venv/bin/ruff check .

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
