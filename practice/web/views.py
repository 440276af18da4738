"""The Jinja environment every page is rendered with: one environment, autoescape on.

Templates live in web/templates (partials are named `_name.html`); static files in web/static.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from practice.settings import ROOT
from practice.topics import TOPIC_LABELS, TOPICS

TEMPLATES = ROOT / "web" / "templates"
STATIC = ROOT / "web" / "static"


def when(stamp: str | None) -> str:
    """'26 Nov 2025, 20:14 UTC' from a stored timestamp."""
    if not stamp:
        return ""
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


class Pages:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["when"] = when
        self.env.filters["percent"] = percent
        self.env.globals.update(TOPICS=TOPICS, TOPIC_LABELS=TOPIC_LABELS)

    def render(self, request: Request, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(request=request, path=request.url.path, **context)
