"""The persona studio in a real browser: sign in, write a persona in the form, test it, probe it, publish it.

Same rule as tests/test_browser.py: skipped when chromium is missing, except under CI=true,
where it fails. Screenshots land in test-artifacts/studio-*.png.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from practice.settings import ROOT, Settings
from practice.transcript import Turn
from practice.web.app import create_app

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"

TOKEN = "browser-advisor-token"

FACTS = {
    "Career path": [
        "I studied biology at a state school and spent two summers counting frogs for the parks department.",
        "My first real job was a seasonal technician position that paid $16 an hour and came with a tent.",
        "A supervisor pushed me to apply for the permanent role, and I have been here nine years now.",
    ],
    "Day to day": [
        "In spring I am in the field four days a week, wading streams and checking traps before sunrise.",
        "Winter is data season: I clean spreadsheets, run models in R and write reports for the state.",
        "I work with two technicians, a GIS analyst and a rotating crew of volunteers.",
    ],
    "Skills": [
        "Field skills get you hired: identifying species by call, reading a map, driving a truck on a bad road.",
        "R and ArcGIS matter more every year, because every survey ends up as a model and a map.",
        "A wilderness first aid certificate is cheap and it puts your application on top of the pile.",
    ],
}
INSIGHTS = [
    ("volunteer-days-count", "Career path", "follow_up", "Most of our seasonal hires volunteered on a survey day first; we remember who showed up in the rain."),
    ("the-r-test", "Skills", "open_question", "Our interview has a twenty-minute R exercise that nobody mentions in the posting."),
    ("spring-burnout", "Day to day", "open_question", "Every May I work sixty-hour weeks, and I have learned to plan my whole year around that month."),
]


@pytest.fixture
def studio_server(tmp_path: Path, chromium: dict[str, Any], serve: Callable[[FastAPI], str]) -> tuple[str, Settings]:
    personas = tmp_path / "personas"
    personas.mkdir()
    for path in (ROOT / "personas").glob("*.md"):
        if path.name != "README.md":
            shutil.copy(path, personas)
    settings = Settings(personas_dir=personas, data_dir=tmp_path / "data", secret_key="studio-browser", advisor_token=TOKEN)
    app = create_app(settings)
    store = app.state.context.store
    # A few students' sessions, so the dashboard has something to show.
    seeded = {
        "priya-raman": [
            ["Do you like your job?", "How did you get into physical therapy?", "Is remote work an option?"],
            ["Do you like your job?", "What does a typical day look like?", "Thank you so much for your time!"],
            ["Is remote work an option?", "What skills matter most?", "Who else should I talk to?"],
        ],
        "devin-marsh": [
            ["How did you become a software engineer?", "Do you work long hours?", "Where is the industry heading?"],
            ["Do you work long hours?", "What is the culture like at your company?"],
        ],
    }
    for persona_id, sessions in seeded.items():
        for n, asked in enumerate(sessions):
            record, _ = store.create_session(f"student-{n}", persona_id, "Hi!")
            for text in asked:
                store.add_turn(record.id, Turn(role="student", text=text))
                store.add_turn(record.id, Turn(role="persona", text="That's a good question."))
    return serve(app), settings


def test_write_probe_and_publish_a_persona(studio_server: tuple[str, Settings], chromium: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    server, settings = studio_server
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium)
        page = browser.new_context(viewport={"width": 1360, "height": 900}).new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" and "401" not in msg.text else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))

        # Students' pages never point here; the studio asks for a sign-in first.
        page.goto(server + "/")
        assert page.locator("a[href^='/studio']").count() == 0
        page.goto(server + "/studio")
        expect(page.get_by_role("heading", name="Sign in as an advisor")).to_be_visible()
        page.get_by_label("Advisor token").fill(TOKEN)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Personas", exact=True)).to_be_visible()
        expect(page.locator("tr[data-persona]")).to_have_count(9)
        page.screenshot(path=str(ARTIFACTS / "studio-list.png"), full_page=True)

        # A new persona from the form, checked as it is typed.
        page.get_by_role("link", name="New persona").first.click()
        expect(page.locator("[data-status]")).to_contain_text("problem")
        form = page.locator("[data-persona-form]")
        form.get_by_label("Full name").fill("Rosa Delgado")
        form.get_by_label("Id (file name)").fill("Rosa Delgado")
        expect(page.locator("[data-error-for='id']")).to_contain_text("lower-case letters")
        form.get_by_label("Id (file name)").fill("rosa-delgado")
        form.get_by_label("Pronouns").fill("she/her")
        form.get_by_label("Job title").fill("Wildlife Biologist")
        form.get_by_label("Organization").fill("Cedar County Parks Department")
        form.get_by_label("Field", exact=True).fill("Government")
        form.get_by_label("Location").fill("Eugene, Oregon")
        form.get_by_label("Card summary").fill("Counts frogs, salamanders and the occasional cougar track for a county parks department; nine years in, still loves field season.")
        form.get_by_label("Minutes they have").fill("15")
        form.get_by_label("Greeting").fill("Hi, I'm Rosa. I have about fifteen minutes before I head out to a stream survey. What would you like to know?")
        form.get_by_label("Sign-off").fill("I need to grab my waders. Email me if you want to join a volunteer survey day.")
        for topic, passages in FACTS.items():
            form.get_by_label(topic, exact=False).first.fill("\n".join(passages))
        for n, (insight_id, topic, unlock, text) in enumerate(INSIGHTS):
            form.get_by_role("button", name="Add an insight").click()
            row = form.locator("[data-rows='insights'] > li").nth(n)
            row.get_by_label("Id").fill(insight_id)
            row.get_by_label("Topic").select_option(label=topic)
            row.get_by_label("Unlocked by").select_option(value=unlock)
            row.get_by_label("What they share").fill(text)
        boundaries = form.locator("[data-rows='boundaries'] > li")
        boundaries.nth(0).get_by_label("About").fill("her own salary")
        boundaries.nth(0).get_by_label("How they decline").fill("I keep my own pay private, but county biologists here start around $52,000.")
        boundaries.nth(1).get_by_label("About").fill("asking her for a job")
        boundaries.nth(1).get_by_label("How they decline").fill("I don't hire, but volunteering on a survey day is how most of our technicians got noticed.")
        form.get_by_label("Backstory (Markdown)").fill("Rosa grew up in Medford and talks fast when she is excited about amphibians.")
        expect(page.locator("[data-status]")).to_contain_text("Ready to publish", timeout=5000)
        expect(page.locator("[data-preview-card]")).to_contain_text("Rosa Delgado")
        expect(page.locator("[data-preview-greeting]")).to_contain_text("fifteen minutes")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTIFACTS / "studio-editor.png"), full_page=False)

        # The raw file view holds the same persona.
        page.get_by_role("tab", name="Raw file").click()
        expect(page.get_by_label("The whole persona file")).to_have_value(re.compile("id: rosa-delgado"))

        # Test drive: the unsaved draft answers.
        page.get_by_role("tab", name="Test drive").click()
        expect(page.locator("[data-drive-turns] .turn--persona").first).to_contain_text("Hi, I'm Rosa")
        page.get_by_label("Your question").fill("What skills matter most when someone is starting out in your field?")
        page.get_by_label("Your question").press("Enter")
        expect(page.locator("[data-drive-turns] .turn--persona")).to_have_count(2)
        expect(page.locator("[data-drive-turns]")).to_contain_text("unlocked: the-r-test")

        # Probe: sixteen questions side by side, nothing flagged for an honest file.
        page.get_by_role("tab", name="Probe").click()
        page.get_by_role("button", name="Run probe").click()
        expect(page.locator("[data-probe-rows] > tr")).to_have_count(16, timeout=20_000)  # a probe runs 16 whole turns
        expect(page.locator("[data-probe-summary]")).to_contain_text("nothing flagged")
        page.screenshot(path=str(ARTIFACTS / "studio-probe.png"), full_page=True)

        # Publish, then find her in the gallery without a restart.
        page.get_by_role("button", name="Publish").click()
        expect(page.locator("[data-publish-result]")).to_contain_text("Published rosa-delgado.md")
        assert (settings.personas_dir / "rosa-delgado.md").is_file()

        # Publishing the edit under another id makes a second persona, and the advisor is told so.
        page.get_by_role("tab", name="Form").click()
        form.get_by_label("Id (file name)").fill("rosa-delgado-clinic")
        form.get_by_label("Id (file name)").press("Tab")  # leave the field, so its check is done before the click
        expect(page.locator("[data-publish-file]")).to_have_text("rosa-delgado-clinic.md")
        page.get_by_role("button", name="Publish").click()
        expect(page.locator("[data-publish-result]")).to_contain_text("rosa-delgado.md is still in the gallery")
        assert (settings.personas_dir / "rosa-delgado.md").is_file() and (settings.personas_dir / "rosa-delgado-clinic.md").is_file()
        page.get_by_role("link", name="Open the gallery").click()
        expect(page.get_by_role("heading", name=re.compile("Rosa Delgado"))).to_have_count(2)

        page.goto(server + "/studio/dashboard")
        expect(page.get_by_role("heading", name="What students miss")).to_be_visible()
        expect(page.locator("[data-stat='sessions']").first).to_have_text("3")
        page.screenshot(path=str(ARTIFACTS / "studio-dashboard.png"), full_page=True)

        assert problems == [], problems  # no script errors, no CSP violations
        browser.close()
