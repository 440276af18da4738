"""Shared fixtures: settings pointing at a temporary data folder and the shipped personas."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.settings import ROOT, Settings


@pytest.fixture(autouse=True)
def no_model_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's exported PRACTICE_MODEL must not send any test to a real model."""
    for name in ("PRACTICE_MODEL", "PRACTICE_FALLBACK_MODELS", "PRACTICE_API_BASE", "PRACTICE_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(personas_dir=ROOT / "personas", data_dir=tmp_path / "data", secret_key="test-secret")
