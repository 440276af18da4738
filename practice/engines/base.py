"""The one seam every engine implements: a reply request in, text chunks out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from practice.personas import Insight, Persona
from practice.transcript import State, Turn


@dataclass(frozen=True)
class ReplyRequest:
    """Everything an engine may know for one reply. Locked insights are not in it."""

    persona: Persona
    history: list[Turn]  # every turn before the current question
    question: Turn  # the student's turn, analysed
    state: State  # read off `history`
    unlocked_now: list[Insight]  # insights this question earned: share them now
    unlocked_before: list[Insight]  # insights already shared earlier


class Engine(Protocol):
    name: str

    def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        """Yield the reply in chunks; the concatenation is the whole reply."""
        ...
