"""Which engine plays the personas: a model when PRACTICE_MODEL is set, else the offline engine.

The LLM engine's module is imported only when a model is configured, so an offline
deployment never loads litellm.
"""

from __future__ import annotations

from practice.engines.base import Engine
from practice.engines.offline import OfflineEngine
from practice.settings import Settings


def engine_for(settings: Settings) -> Engine:
    if not settings.model.strip():
        return OfflineEngine()
    from practice.engines.llm import LLMEngine

    return LLMEngine(settings)


def describe(engine: Engine) -> str:
    """How `serve` and `/healthz` name an engine: "offline", or "llm (openai/gpt-4o-mini)"."""
    return f"{engine.name} ({engine.model})" if engine.model else engine.name
