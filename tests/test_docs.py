"""/docs in a real browser: Swagger UI renders from Practice's own files, under the CSP every page has.

Driven like tests/test_browser.py (Debian's chromium through Playwright; skipped without it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from practice.settings import Settings
from practice.web.app import create_app
from practice.web.guards import CSP


def test_docs_page_loads_only_our_own_files_under_the_csp(settings: Settings, app_client: Callable[..., TestClient]) -> None:
    client = app_client(settings)
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CSP
    assert "<script>" not in page.text  # no inline script: the CSP allows none
    for asset in ("/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css", "/static/swagger-ui/init.js"):
        assert f'"{asset}"' in page.text
        assert client.get(asset).status_code == 200
    assert client.get("/redoc").status_code == 404  # ReDoc needs a CDN: not offered


@pytest.mark.browser
def test_swagger_ui_renders_offline_in_the_browser(settings: Settings, chromium: dict[str, Any], serve: Callable[[FastAPI], str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server = serve(create_app(settings))
    problems: list[str] = []
    hosts: set[str] = set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium)
        page = browser.new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.goto(server + "/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Practice")
        expect(page.locator(".opblock-summary-path", has_text="/api/sessions/{session_id}/messages").first).to_be_visible()
        browser.close()
    assert hosts == {urlsplit(server).netloc}
    assert problems == []  # a CSP refusal shows up here as a console error
