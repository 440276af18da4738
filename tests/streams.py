"""Test pieces for streamed HTTP: a body that arrives in network chunks, and a reader for our SSE."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx


class Chunked(httpx.AsyncByteStream):
    """A body sent as separate network chunks, a moment apart, as a real upstream streams."""

    def __init__(self, *parts: bytes) -> None:
        self.parts = parts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            await asyncio.sleep(0)
            yield part


def events(body: str) -> list[tuple[str, dict[str, Any]]]:
    """The (event, data) pairs of a server-sent-events body from our API."""
    found = []
    for block in body.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        found.append((fields["event"], json.loads(fields["data"])))
    return found
