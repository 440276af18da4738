"""The Jinja environment every page is rendered with: one environment, autoescape on.

Templates live in web/templates (partials are named `_name.html`); static files in web/static.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from practice.resources import folder
from practice.topics import OFF_SCRIPT_LABELS, TOPIC_LABELS, TOPICS

TEMPLATES = folder("web") / "templates"
STATIC = folder("web") / "static"


# What a persona's talking-style tags mean, for the gallery's legend and the tags' titles.
STYLE_WORDS = {
    "reserved": "Short answers at first: open questions and follow-ups draw them out.",
    "balanced": "Answers fully, with a story now and then.",
    "chatty": "Tells stories and wanders: steer them to what you want to learn.",
    "warm": "Friendly and encouraging.",
    "neutral": "Polite and matter-of-fact.",
    "brisk": "Busy and to the point: get to your questions quickly.",
}


def when(stamp: str | None) -> str:
    """'26 Nov 2025, 20:14 UTC' from a stored timestamp."""
    if not stamp:
        return ""
    moment = _moment(stamp)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ")


def iso(stamp: str | None) -> str:
    """'2025-11-26T20:14:05Z' for a <time datetime>: the browser shows it in its own time zone."""
    return f"{_moment(stamp):%Y-%m-%dT%H:%M:%S}Z" if stamp else ""


def day(stamp: str | None) -> str:
    """'26 Nov' from a stored timestamp (the chart's axis, in UTC until the browser reformats it)."""
    if not stamp:
        return ""
    moment = _moment(stamp)
    return f"{moment.day} {moment:%b}"


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
        self.env.filters["iso"] = iso
        self.env.filters["day"] = day
        self.env.globals.update(TOPICS=TOPICS, TOPIC_LABELS=TOPIC_LABELS, OFF_SCRIPT_LABELS=OFF_SCRIPT_LABELS, STYLE_WORDS=STYLE_WORDS)

    def render(self, request: Request, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(request=request, path=request.url.path, **context)
