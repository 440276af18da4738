"""The app in a real browser: Playwright drives Debian's chromium against uvicorn on a free port.

Skipped (with how to enable it) when chromium is missing, except under CI=true, where it fails.
Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from practice.settings import ROOT, Settings
from practice.web.app import create_app

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = os.environ.get("PRACTICE_SCREENSHOTS", "") not in ("", "0")  # full-page screenshots, on request

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
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "gallery.png"), full_page=True)
        page.get_by_role("button", name="Healthcare", exact=True).click()
        expect(page.locator("[data-cards] > li:visible")).to_have_count(2)
        page.get_by_role("button", name="All", exact=True).click()
        expect(page.locator("[data-cards] > li:visible")).to_have_count(total)

        # Interview room: greeting first, then three questions streamed in.
        page.get_by_role("button", name="Start interview with Priya Raman").click()
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
        if SCREENSHOTS:
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
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "sessions.png"), full_page=True)
        page.get_by_role("link", name=re.compile("Resume")).click()
        page.wait_for_url(room_url)
        expect(page.locator(".turn")).to_have_count(7)

        # End: the report shows what was covered.
        page.get_by_role("button", name="End interview").click()
        page.wait_for_url(room_url + "/report")
        expect(page.get_by_role("heading", name=f"Topics covered: {covered} of 9")).to_be_visible()
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        page.goto(server + "/sessions")
        expect(page.get_by_role("link", name=re.compile("Review"))).to_be_visible()

        assert problems == [], problems  # no script errors, no CSP violations, no missing files

        # Errors say what happened and what to do next.
        page.goto(server + "/sessions/does-not-exist")
        expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "error-404.png"), full_page=True)

        # Readable on a phone.
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        phone_page = phone.new_page()
        phone_page.goto(server + "/")
        phone_page.screenshot(path=str(ARTIFACTS / "gallery-phone.png"), full_page=False)
        phone_page.get_by_role("button", name="Start interview with Jamal Whitaker").click()
        phone_page.get_by_label("Your question to Jamal").fill("What is the hardest part of teaching?")
        phone_page.get_by_role("button", name="Send").click()
        expect(phone_page.locator(".turn--persona")).to_have_count(2)
        if SCREENSHOTS:
            phone_page.screenshot(path=str(ARTIFACTS / "room-phone.png"), full_page=True)
        phone.close()
        browser.close()


# ------------------------------------------------------------------ with a model (a mock OpenAI-compatible server on 127.0.0.1)

MODEL_WORDS = ["Honestly, ", "the first ", "year was ", "mostly ", "learning to ", "listen."]


def mock_model(received: list[dict[str, Any]]) -> FastAPI:
    """An OpenAI-compatible chat endpoint that streams MODEL_WORDS slowly, or fails on "[fail]"."""
    upstream = FastAPI()

    def sse(body: dict[str, Any]) -> bytes:
        return f"data: {json.dumps(body)}\n\n".encode()

    @upstream.post("/v1/chat/completions")
    async def completions(request: Request) -> Response:
        body = await request.json()
        received.append(body)
        if "[fail]" in body["messages"][-1]["content"]:
            return JSONResponse({"error": {"message": "the model is overloaded"}}, status_code=503)

        async def chunks() -> AsyncIterator[bytes]:
            for word in MODEL_WORDS:
                yield sse({"choices": [{"index": 0, "delta": {"content": word}, "finish_reason": None}]})
                await asyncio.sleep(0.25)  # slow enough to see the reply grow
            yield sse({"choices": [], "usage": {"prompt_tokens": 900, "completion_tokens": 12, "total_tokens": 912}})
            yield b"data: [DONE]\n\n"

        return StreamingResponse(chunks(), media_type="text/event-stream")

    return upstream


def test_with_a_model_configured_the_room_streams_its_reply(
    settings: Settings, chromium: dict[str, Any], serve: Callable[[FastAPI], str]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    received: list[dict[str, Any]] = []
    upstream = serve(mock_model(received))
    model_settings = replace(
        settings, model="openai/mock-model", api_base=f"{upstream}/v1", api_key="test", model_attempts=1, model_timeout=5.0
    )
    app = serve(create_app(model_settings))
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto(app + "/")
        page.get_by_role("button", name="Start interview with Priya Raman").click()
        page.wait_for_url(re.compile(r"/sessions/[0-9a-f]{32}$"))
        box = page.get_by_label("Your question to Priya")

        box.fill("How did your first year as a physical therapist go?")
        box.press("Enter")
        # The words appear while the model is still writing them, then the reply settles.
        streaming = page.locator(".turn--streaming")
        expect(streaming).to_contain_text("Honestly,")
        assert "listen." not in streaming.inner_text()
        expect(streaming).to_have_count(0)
        expect(page.locator(".turn--persona").last).to_have_text(re.compile("Honestly, the first year was mostly learning to listen."))
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "room-model.png"), full_page=True)

        # What the model was told: Priya's instructions and the student's question, nothing locked.
        system = received[-1]["messages"][0]["content"]
        assert received[-1]["model"] == "mock-model" and received[-1]["stream"] is True
        assert "Priya Raman" in system
        asked = received[-1]["messages"][-1]
        assert asked["role"] == "user" and asked["content"].startswith("How did your first year as a physical therapist go?\n")
        assert received[-1]["max_tokens"] == model_settings.max_reply_tokens

        # The model fails: the offline engine answers and the student is told why, in one line.
        box.fill("What does a typical week look like for you? [fail]")
        box.press("Enter")
        expect(page.locator(".turn--persona")).to_have_count(3)
        expect(page.locator(".turn--persona").last.locator(".turn__notice")).to_contain_text("practice continues offline")
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "room-model-offline.png"), full_page=True)
        assert problems == [], problems
        browser.close()


# ------------------------------------------------------------------ the room keeps the conversation in view

# Where the newest reply starts, against what is stuck to the top (the folded meter, on a phone) and the composer.
VIEW = """() => {
  const reply = [...document.querySelectorAll(".turn--persona")].pop().getBoundingClientRect();
  const composer = document.querySelector("[data-composer]").getBoundingClientRect();
  const side = document.querySelector("[data-side]");
  const stuck = getComputedStyle(side).position === "sticky" && innerWidth < 960 ? side.getBoundingClientRect().bottom : 0;
  return {replyTop: reply.top, stuck, composerTop: composer.top, composerBottom: composer.bottom, height: innerHeight,
          scrolled: scrollY, focused: document.activeElement && document.activeElement.id};
}"""
# Resolves once the page has stopped scrolling (the room scrolls smoothly).
SETTLED = """async () => { let y = -1; while (y !== scrollY) { y = scrollY; await new Promise((r) => setTimeout(r, 150)); } }"""


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_the_room_keeps_the_newest_reply_and_the_composer_in_view(server: str, chromium: dict[str, Any], width: int, height: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    phone = width < 960
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium)
        page = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone).new_page()
        page.goto(server + "/")
        page.get_by_role("button", name="Start interview with Alex Kowalczyk").click()
        page.wait_for_url(re.compile(r"/sessions/[0-9a-f]{32}$"))
        expect(page.locator("#message")).to_be_focused()  # ready to type on arrival

        questions = [
            "Hi, I'm Sam, a sophomore curious about museum work.",
            "How did you end up working in museums?",
            "What does a typical week look like for you?",
            "What skills matter most when someone is starting out?",
            "What is the hardest part of your job?",
        ]
        for n, question in enumerate(questions, start=1):
            page.locator("#message").fill(question)
            page.locator("#message").press("Enter")
            expect(page.locator(".turn--persona")).to_have_count(n + 1)
            expect(page.locator(".turn--streaming")).to_have_count(0)
            page.evaluate(SETTLED)
            view = page.evaluate(VIEW)
            # The reply shows from its start, below anything stuck to the top; the composer is whole on screen, focused.
            assert view["stuck"] - 1 <= view["replyTop"] < view["composerTop"], view
            assert view["composerTop"] >= 0 and view["composerBottom"] <= view["height"] + 1, view
            assert view["focused"] == "message", view
        assert page.evaluate(VIEW)["scrolled"] > 200  # the conversation is longer than the screen

        side = page.locator("[data-side]")
        end = page.get_by_role("button", name="End interview")
        if phone:
            # Deep in the conversation, the folded meter and "End interview" are still on screen ...
            summary = page.locator("[data-progress] > summary")
            for part in (summary, end):
                box = part.bounding_box()
                assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, box
            expect(summary).to_contain_text(re.compile(r"\d+ min left · [1-9] of 9 topics"))
            expect(page.locator("[data-topic='career_path']")).to_be_hidden()
            page.screenshot(path=str(ARTIFACTS / "room-phone-deep.png"))
            # ... and open into the whole meter.
            summary.click()
            expect(page.locator("[data-topic='career_path']")).to_be_visible()
            expect(page.locator("[data-topic='career_path']")).to_have_class(re.compile("topic--covered"))
            expect(page.locator("[data-questions]")).to_be_in_viewport()
            page.screenshot(path=str(ARTIFACTS / "room-phone-meter-open.png"))
        else:
            expect(side).to_be_in_viewport()
            expect(end).to_be_in_viewport()
            page.screenshot(path=str(ARTIFACTS / "room-desktop-deep.png"))
        end.click()
        page.wait_for_url(re.compile(r"/report$"))
        browser.close()


# ------------------------------------------------------------------ the report: conversation, Markdown, print

def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF chromium wrote (its page objects are plain, not in compressed object streams)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_the_report_shows_the_conversation_downloads_markdown_and_prints(server: str, chromium: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True, timezone_id="Asia/Tokyo", locale="en-GB")
        page = context.new_page()
        started = context.request.post(server + "/sessions", form={"persona_id": "priya-raman"})
        session_id = started.url.rsplit("/", 1)[-1]
        asked = [
            "Hi, I'm Sam, a sophomore thinking about physical therapy.",
            "How did you end up becoming a physical therapist?",
            "Do you like working in an outpatient clinic?",
            "What does a typical day look like for you?",
            "Can you say more about that?",
            "Who else do you think I should talk to?",
            "Thank you so much for your time!",
        ]
        for text in asked:
            assert context.request.post(f"{server}/api/sessions/{session_id}/messages", data={"text": text}).ok
        assert context.request.post(f"{server}/api/sessions/{session_id}/end").ok
        report = context.request.get(f"{server}/api/sessions/{session_id}/report").json()

        # My sessions shows when it started in the browser's time zone (Tokyo, UTC+9), not the server's UTC.
        page.goto(f"{server}/sessions")
        started_at = page.locator(".session-row time").first
        utc = datetime.strptime(started_at.get_attribute("datetime") or "", "%Y-%m-%dT%H:%M:%SZ")
        tokyo = utc + timedelta(hours=9)
        expect(started_at).to_have_text(re.compile(rf"^{tokyo.day} {tokyo:%b %Y}, {tokyo:%H:%M}$"))
        expect(page.locator(".session-row [data-score]")).to_contain_text(f"{report['score']}/100")

        page.goto(f"{server}/sessions/{session_id}/report")

        # The whole conversation, each question with its coding; it folds away and back.
        conversation = page.locator("[data-conversation]")
        expect(conversation.locator(".turn")).to_have_count(1 + 2 * len(asked))
        students = conversation.locator(".turn--student")
        for n, coded in enumerate(report["questions"]):
            turn = students.nth(n)
            expect(turn.locator(".turn__text")).to_have_text(asked[n])
            expect(turn.locator(".form-badge")).to_have_text(coded["form"].replace("_", " "))
            expect(turn.locator(".coding")).to_contain_text("Follow-up" + ("yes" if coded["follow_up"] else "no"))
        expect(students.nth(4).locator(".coding")).to_contain_text("Follow-upyes")  # "Can you say more about that?"
        expect(students.nth(2).locator(".hint")).to_contain_text("Try it open:")
        page.get_by_text(re.compile(r"^15 turns, each of your questions")).click()
        expect(students.first).to_be_hidden()
        page.get_by_text(re.compile(r"^15 turns, each of your questions")).click()
        expect(students.first).to_be_visible()
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "report-conversation.png"), full_page=True)

        # Download as Markdown: a file, named for the persona and the day, holding the report's Markdown.
        with page.expect_download() as caught:
            page.get_by_role("link", name="Download as Markdown").click()
        download = caught.value
        assert re.fullmatch(r"practice-report-priya-raman-\d{4}-\d\d-\d\d\.md", download.suggested_filename)
        markdown = Path(download.path()).read_text(encoding="utf-8")
        assert markdown == context.request.get(f"{server}/api/sessions/{session_id}/report?format=markdown").text()
        assert "Priya Raman" in markdown

        # The print button opens the browser's print dialog.
        page.evaluate("window.print = () => { window.printed = true; }")
        page.get_by_role("button", name="Print / save as PDF").click()
        assert page.evaluate("window.printed") is True

        # In print: no page chrome, white paper, full-width sections, and the conversation even when folded.
        page.get_by_text(re.compile(r"^15 turns, each of your questions")).click()
        expect(students.first).to_be_hidden()
        page.set_viewport_size({"width": 680, "height": 1000})  # A4 less 1.5 cm margins, at 96 dpi
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".actions")).to_be_hidden()
        expect(students.first).to_be_visible()
        layout = page.evaluate("""() => ({
          backgrounds: [document.documentElement, document.body, document.querySelector("main")].map((e) => getComputedStyle(e).backgroundColor),
          main: document.querySelector("main").getBoundingClientRect().width,
          cards: [...document.querySelectorAll(".report-grid > .card")].map((e) => e.getBoundingClientRect().width),
          height: document.documentElement.scrollHeight,
        })""")
        assert all(bg in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)") for bg in layout["backgrounds"]), layout
        assert layout["cards"] and all(abs(w - layout["main"]) < 2 for w in layout["cards"]), layout
        if SCREENSHOTS:
            page.screenshot(path=str(ARTIFACTS / "report-print-layout.png"), full_page=True)
        pdf = page.pdf(format="A4", margin={"top": "1.5cm", "bottom": "1.5cm", "left": "1.5cm", "right": "1.5cm"})
        (ARTIFACTS / "report.pdf").write_bytes(pdf)
        pages = pdf_pages(pdf)
        # As many pages as the content fills (1123 px an A4 page, less its margins), and no more than
        # one extra for the blocks that will not split; a near-empty page after each section would add more.
        filled = layout["height"] / (1123 - 2 * 57)
        assert math.ceil(filled) <= pages <= math.ceil(filled) + 1, (pages, filled)
        browser.close()
