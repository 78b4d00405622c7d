"""A guard for tests of inputs that could block: the call fails the test instead of hanging it."""

from __future__ import annotations

import threading


def within(seconds: float, call):
    """call() in a thread; fails the test (instead of hanging it) if it does not return."""
    outcome: list = []

    def work() -> None:
        try:
            outcome.append(("value", call()))
        except BaseException as exc:
            outcome.append(("error", exc))

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s (blocked or reading without limit)"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value
