"""The app in a real browser: Playwright drives Debian's chromium against uvicorn on a free port.

Skipped (with how to enable it) when chromium is missing, except under CI=true, where it fails.
Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from practice.settings import ROOT, Settings
from practice.web.app import create_app

ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture
def server(settings: Settings, chromium: dict[str, Any], serve: Callable[[FastAPI], str]) -> str:
    return serve(create_app(settings))


def test_rehearse_an_interview_in_the_browser(server: str, chromium: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))

        # Gallery: cards, the explanation, the field filter.
        page.goto(server + "/")
        expect(page.get_by_role("heading", name="Rehearse an informational interview")).to_be_visible()
        cards = page.locator("[data-cards] > li")
        total = cards.count()
        assert total >= 9
        page.screenshot(path=str(ARTIFACTS / "gallery.png"), full_page=True)
        page.get_by_role("button", name="Healthcare", exact=True).click()
        expect(page.locator("[data-cards] > li:visible")).to_have_count(2)
        page.get_by_role("button", name="All", exact=True).click()
        expect(page.locator("[data-cards] > li:visible")).to_have_count(total)

        # Interview room: greeting first, then three questions streamed in.
        page.get_by_role("button", name="Start an interview with Priya Raman").click()
        page.wait_for_url(re.compile(r"/sessions/[0-9a-f]{32}$"))
        room_url = page.url
        expect(page.locator(".turn--persona").first).to_contain_text("Hi, I'm Priya")
        box = page.get_by_label("Your question to Priya")
        questions = [
            "How did you end up becoming a physical therapist?",
            "Do you like working in an outpatient clinic?",
            "What does a typical day look like for you?",
        ]
        for n, question in enumerate(questions, start=1):
            box.fill(question)
            with page.expect_response(lambda r: r.url.endswith("/messages")) as answer:
                box.press("Enter")
            assert answer.value.headers["content-type"].startswith("text/event-stream")
            expect(page.locator(".turn--persona")).to_have_count(n + 1)
            expect(page.locator(".turn--streaming")).to_have_count(0)
            expect(page.locator("[data-questions]")).to_have_text(str(n))
        covered = page.locator(".topic--covered").count()
        assert covered >= 2
        expect(page.locator("[data-covered-count]")).to_have_text(f"{covered} of 9")
        expect(page.locator("[data-topic='career_path']")).to_have_class(re.compile("topic--covered"))
        expect(page.locator("[data-open-share]")).to_have_text("67%")
        expect(page.locator("[data-announcer]")).to_contain_text("Priya:")
        # Realistic mode by default; the hint shows once asked for.
        hint = page.locator(".turn--student .hint")
        expect(hint).to_be_hidden()
        page.get_by_label("Show hints after closed questions").check()
        expect(hint).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "room.png"), full_page=True)

        # Shift+Enter is a new line, not a send.
        box.fill("First line")
        box.press("Shift+Enter")
        box.type("second line")
        assert box.input_value() == "First line\nsecond line"
        box.fill("")

        # My sessions: resume the interview where it was.
        page.get_by_role("link", name="My sessions").click()
        expect(page.get_by_text("In progress")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "sessions.png"), full_page=True)
        page.get_by_role("link", name=re.compile("Resume")).click()
        page.wait_for_url(room_url)
        expect(page.locator(".turn")).to_have_count(7)

        # End: the report shows what was covered.
        page.get_by_role("button", name="End interview").click()
        page.wait_for_url(room_url + "/report")
        expect(page.get_by_role("heading", name=f"Topics covered: {covered} of 9")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        page.goto(server + "/sessions")
        expect(page.get_by_role("link", name=re.compile("Review"))).to_be_visible()

        assert problems == [], problems  # no script errors, no CSP violations, no missing files

        # Errors say what happened and what to do next.
        page.goto(server + "/sessions/does-not-exist")
        expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "error-404.png"), full_page=True)

        # Readable on a phone.
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone_page = phone.new_page()
        phone_page.goto(server + "/")
        phone_page.screenshot(path=str(ARTIFACTS / "gallery-phone.png"), full_page=False)
        phone_page.get_by_role("button", name="Start an interview with Jamal Whitaker").click()
        phone_page.get_by_label("Your question to Jamal").fill("What is the hardest part of teaching?")
        phone_page.get_by_role("button", name="Send").click()
        expect(phone_page.locator(".turn--persona")).to_have_count(2)
        phone_page.screenshot(path=str(ARTIFACTS / "room-phone.png"), full_page=True)
        phone.close()
        browser.close()
