"""Reports kept until their session changes: scoring a long transcript takes seconds, and a report
page is opened again and again (the page, its JSON, the Markdown export, the coaching note).

A report is a pure function of the transcript and the persona, so it is stale exactly when a turn
was added or replaced, the session ended, or the persona was reloaded.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from practice.personas import Persona
from practice.scoring import Report

if TYPE_CHECKING:
    from practice.web.turns import OpenSession

# Reports kept per process, the least recently read dropped first.
CACHED_REPORTS = 64

Version = tuple[int, str, str | None]


class ReportCache:
    def __init__(self, size: int = CACHED_REPORTS) -> None:
        self.size = size
        self._reports: OrderedDict[str, tuple[Version, Persona, Report]] = OrderedDict()
        self._lock = threading.Lock()

    def report_of(self, session: OpenSession) -> Report:
        version: Version = (len(session.turns), session.turns[-1].id if session.turns else "", session.record.ended_at)
        key = session.record.id
        with self._lock:
            found = self._reports.get(key)
            if found is not None and found[0] == version and found[1] is session.persona:
                self._reports.move_to_end(key)
                return found[2]
        report = session.report()  # outside the lock: seconds for a long one, and other reports may be read meanwhile
        with self._lock:
            self._reports[key] = (version, session.persona, report)
            self._reports.move_to_end(key)
            while len(self._reports) > self.size:
                self._reports.popitem(last=False)
        return report

    def __len__(self) -> int:
        return len(self._reports)
