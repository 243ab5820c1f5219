"""A runner of background work that the test steps by hand (reader.gui.background.Runner)."""

from __future__ import annotations

from typing import Any, TypeVar

from reader.gui.background import Handle, InlineRunner, Op, OpContext

T = TypeVar("T")


class StepRunner:
    """Holds each op until the test runs it, in the order the test chooses: what a slow
    thread would do, with no thread (a result can arrive after a newer request)."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Op[Any], Handle]] = []

    def run(self, op: Op[T]) -> Handle:
        handle = Handle(OpContext())
        self.waiting.append((op, handle))
        return handle

    def names(self) -> list[str]:
        return [op.name for op, _ in self.waiting]

    def step(self, index: int = 0) -> None:
        """Run the waiting op at `index` (0: the oldest, -1: the newest) and deliver it."""
        op, handle = self.waiting.pop(index)
        handle.mark_delivered()
        InlineRunner().run(op)

    def shutdown(self) -> None:
        self.waiting.clear()
