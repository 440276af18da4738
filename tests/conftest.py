"""Shared fixtures: settings pointing at a temporary data folder and the shipped personas."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.settings import ROOT, Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(personas_dir=ROOT / "personas", data_dir=tmp_path / "data", secret_key="test-secret")
