"""Practice: rehearse informational interviews with AI-played professionals."""

from __future__ import annotations

__version__ = "0.1.0"
