"""The advisor persona studio: access, checking, publishing, hot reload, probe, dashboard, notes.

Through the in-process client, against a copy of the shipped personas in tmp_path.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from fake_model import FakeModel, fake_completer, fake_engine
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from streams import events

from practice.cli import main
from practice.engines.base import Lifecycle, ReplyRequest
from practice.engines.offline import OfflineEngine
from practice.personas import dump_persona, load_personas, parse_persona
from practice.scoring import score
from practice.settings import ROOT, Settings
from practice.studio import auth, dashboard, drafts, notes, probe, publish
from practice.transcript import Turn
from practice.web.app import create_app

TOKEN = "advisor-test-token"
SECRET = "studio-test-secret"
PRIYA = "priya-raman"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    personas = tmp_path / "personas"
    personas.mkdir()
    for path in (ROOT / "personas").glob("*.md"):
        if path.name != "README.md":
            shutil.copy(path, personas)
    return personas


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("advisors") / "advisors.jsonl"
    auth.add_account(path, "ana", "correct horse battery")  # scrypt on purpose takes a while: once per module
    return path


@pytest.fixture
def studio_settings(tmp_path: Path, folder: Path, accounts: Path) -> Settings:
    return Settings(personas_dir=folder, data_dir=tmp_path / "data", secret_key=SECRET, advisor_token=TOKEN, advisor_accounts=str(accounts))


@pytest.fixture
def make_client(studio_settings: Settings, app_client: Callable[..., TestClient]) -> Callable[..., TestClient]:
    return lambda engine=None: app_client(studio_settings, engine)


@pytest.fixture
def anon(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def sign_in(client: TestClient) -> str:
    """Sign in with the token; return the CSRF token the studio pages carry."""
    response = client.post("/studio/sign-in", data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = client.get("/studio")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


@pytest.fixture
def advisor(make_client: Callable[..., TestClient]) -> tuple[TestClient, dict[str, str]]:
    client = make_client()
    return client, {"X-CSRF-Token": sign_in(client)}


def forget_guesses(client: TestClient) -> None:
    """Forget the wrong tokens sent so far, so a test can send many without meeting the throttle."""
    store = client.app.state.context.store  # type: ignore[attr-defined]
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM sign_in_failures")


def priya_raw(folder: Path, new_id: str = PRIYA) -> str:
    text = (folder / f"{PRIYA}.md").read_text(encoding="utf-8")
    return text.replace(f"id: {PRIYA}", f"id: {new_id}", 1)


# ------------------------------------------------------------------ access

PAGES = ["/studio", "/studio/new", f"/studio/personas/{PRIYA}", f"/studio/personas/{PRIYA}/history", f"/studio/personas/{PRIYA}/card.json", "/studio/dashboard"]
API_GETS = [f"/api/studio/personas/{PRIYA}/card", "/api/studio/dashboard"]
API_POSTS: list[tuple[str, dict[str, Any]]] = [
    ("/api/studio/validate", {"form": {}}),
    ("/api/studio/drive", {"draft": {"form": {}}, "text": "Hi"}),
    ("/api/studio/probe", {"form": {}}),
    ("/api/studio/publish", {"draft": {"form": {}}}),
    ("/api/studio/notes", {"notes": ""}),
    ("/api/studio/import", {"card": {}}),
]
FORM_POSTS = [("/studio/sign-out", {}), (f"/studio/personas/{PRIYA}/revert", {"version": "20250101T000000.000000Z"})]


class LongAgo(TimestampSigner):
    """Signs as if a day had passed since: the studio's cookie lasts 12 hours."""

    def get_timestamp(self) -> int:
        return super().get_timestamp() - auth.MAX_AGE_SECONDS - 60


def forged_cookie(expired: bool = False) -> str:
    """Expired: our secret, signed too long ago. Otherwise: signed with another secret."""
    if expired:
        return URLSafeTimedSerializer(SECRET, salt="practice.advisor", signer=LongAgo).dumps({"name": "ana", "csrf": "x"})
    return URLSafeTimedSerializer("some-other-secret", salt="practice.advisor").dumps({"name": "mallory", "csrf": "x"})


def test_pages_need_an_advisor(anon: TestClient) -> None:
    for path in PAGES:
        response = anon.get(path)
        assert response.status_code == 401, path
        assert "Sign in as an advisor" in response.text
        for expired in (False, True):
            anon.cookies.set(auth.COOKIE, forged_cookie(expired))
            response = anon.get(path)
            assert response.status_code == 403, path
            assert ("expired" in response.text) is expired
            anon.cookies.clear()


def test_api_reads_need_an_advisor(anon: TestClient) -> None:
    for path in API_GETS:
        assert anon.get(path).json()["error"]["code"] == "advisor_sign_in"
        assert anon.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 403
        forget_guesses(anon)
        assert anon.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        anon.cookies.set(auth.COOKIE, forged_cookie())
        assert anon.get(path).status_code == 403
        anon.cookies.clear()


def test_api_writes_need_an_advisor_and_the_csrf_token(anon: TestClient) -> None:
    for path, body in API_POSTS:
        assert anon.post(path, json=body).status_code == 401, path
        assert anon.post(path, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 403
        forget_guesses(anon)
        anon.cookies.set(auth.COOKIE, forged_cookie(expired=True))
        assert anon.post(path, json=body).json()["error"]["code"] == "advisor_expired"
        anon.cookies.clear()
    csrf = sign_in(anon)
    for path, body in API_POSTS:
        missing = anon.post(path, json=body)
        assert missing.status_code == 403 and missing.json()["error"]["code"] == "csrf_failed", path
        assert anon.post(path, json=body, headers={"X-CSRF-Token": csrf + "x"}).status_code == 403
        assert anon.post(path, json=body, headers={"X-CSRF-Token": csrf}).status_code not in (401, 403)


def test_forms_need_the_csrf_field(anon: TestClient) -> None:
    for path, fields in FORM_POSTS:
        assert anon.post(path, data=fields, follow_redirects=False).status_code == 401, path
    csrf = sign_in(anon)
    for path, fields in FORM_POSTS[::-1]:  # signing out last
        assert anon.post(path, data=fields, follow_redirects=False).status_code == 403, path
        assert anon.post(path, data={**fields, "csrf": "wrong"}, follow_redirects=False).status_code == 403
        assert anon.post(path, data={**fields, "csrf": csrf}, follow_redirects=False).status_code in (303, 404)


def test_sign_in_with_token_or_account_and_out(anon: TestClient) -> None:
    assert anon.get("/studio/sign-in").status_code == 200
    assert anon.post("/studio/sign-in", data={"token": "nope"}).status_code == 401
    assert anon.post("/studio/sign-in", data={"username": "ana", "password": "wrong password"}).status_code == 401
    response = anon.post("/studio/sign-in", data={"username": "ana", "password": "correct horse battery"}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = anon.get("/studio")
    assert page.status_code == 200 and "Sign out" in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    anon.post("/studio/sign-out", data={"csrf": csrf.group(1)})
    assert anon.get("/studio").status_code == 401


def test_repeated_failed_sign_ins_wait_a_delay_that_grows(anon: TestClient) -> None:
    for _ in range(auth.SignInThrottle.FREE):
        assert anon.post("/studio/sign-in", data={"token": "guess"}).status_code == 401
    # The next attempt waits a second, even with the right token: the guesser cannot tell.
    assert anon.post("/studio/sign-in", data={"token": "guess"}).status_code == 401  # the 6th still counts...
    refused = anon.post("/studio/sign-in", data={"token": TOKEN})  # ...and the 7th must wait
    assert refused.status_code == 429 and "Too many attempts" in refused.text
    assert 1 <= int(refused.headers["retry-after"]) <= 2


def test_the_throttle_is_per_address_and_per_name_and_grows_to_a_cap(tmp_path: Path) -> None:
    from practice.store import Store

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    now = [1000.0]
    throttle = auth.SignInThrottle(store, max_delay=60, clock=lambda: now[0])
    waits = []
    for _ in range(12):  # a patient guesser: when told to wait, waits exactly that long, then guesses again
        wait = throttle.attempt("10.0.0.1", "ana")
        waits.append(wait)
        if wait:
            now[0] += wait
            assert throttle.attempt("10.0.0.1", "ana") == 0
    assert waits == [0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32]
    for _ in range(3):
        now[0] += throttle.attempt("10.0.0.1", "ana")
        throttle.attempt("10.0.0.1", "ana")
    assert throttle.attempt("10.0.0.1", "ana") == 60  # the cap
    # Another advisor behind the same NAT waits for the address...
    assert throttle.attempt("10.0.0.1", "ben") == 60
    # ...and the same name from another address waits too: guessing one account from many addresses is slow.
    assert throttle.attempt("10.9.9.9", "ana") == 60
    assert throttle.attempt("10.9.9.9", "ben") == 0
    # Forgotten a quarter of an hour after the last failure, and at once on a sign-in that matches.
    now[0] += throttle.FORGET + 1
    assert throttle.attempt("10.0.0.1", "ana") == 0
    throttle.succeeded("10.0.0.1", "ana")
    assert [throttle.attempt("10.0.0.1", "ana") for _ in range(6)] == [0] * 6
    store.close()


def test_parallel_guesses_are_held_back_like_serial_ones(make_client: Callable[..., TestClient]) -> None:
    import concurrent.futures

    client = make_client()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: client.post("/studio/sign-in", data={"token": "guess"}).status_code, range(16)))
    # Six go through; the rest are held back (one more may slip in if the machine is slow enough for a wait to pass).
    assert auth.SignInThrottle.FREE + 1 <= statuses.count(401) <= auth.SignInThrottle.FREE + 2
    assert statuses.count(401) + statuses.count(429) == 16


def test_bearer_token_guessing_is_throttled_as_sign_ins_are(anon: TestClient) -> None:
    path = "/api/studio/dashboard"
    for _ in range(auth.SignInThrottle.FREE + 1):
        assert anon.get(path, headers={"Authorization": "Bearer guess"}).status_code == 403
    refused = anon.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "sign_in_throttled" and int(refused.headers["retry-after"]) >= 1
    # And the sign-in form shares the count: a guesser cannot switch doors.
    assert anon.post("/studio/sign-in", data={"token": TOKEN}).status_code == 429


def test_forwarded_addresses_are_believed_only_from_trusted_proxies(studio_settings: Settings, app_client: Callable[..., TestClient]) -> None:
    # The test client's peer is "testclient"; rotating X-Forwarded-For from an untrusted peer changes nothing.
    anon = app_client(studio_settings)
    for n in range(auth.SignInThrottle.FREE + 1):
        anon.post("/studio/sign-in", data={"token": "guess"}, headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert anon.post("/studio/sign-in", data={"token": TOKEN}, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 429


def test_the_client_address_comes_from_the_nearest_untrusted_hop() -> None:
    from practice.web.guards import forwarded_client, proxy_networks

    trusted = proxy_networks("127.0.0.1, 10.0.0.0/8")
    assert forwarded_client("203.0.113.9", "1.2.3.4", trusted) == "203.0.113.9"  # not a proxy: its header is ignored
    assert forwarded_client("127.0.0.1", "1.2.3.4", trusted) == "1.2.3.4"
    # A client that writes its own X-Forwarded-For gets it appended to by the proxy: the right-most untrusted hop wins.
    assert forwarded_client("127.0.0.1", "6.6.6.6, 1.2.3.4, 10.1.2.3", trusted) == "1.2.3.4"
    assert forwarded_client("127.0.0.1", "not-an-address", trusted) == "127.0.0.1"
    assert forwarded_client("127.0.0.1", "", trusted) == "127.0.0.1"
    with pytest.raises(ValueError, match="'nonsense' is not an address"):
        proxy_networks("10.0.0.1, nonsense")


def test_a_trusted_proxy_sets_the_address_the_throttle_counts(tmp_path: Path, folder: Path, accounts: Path, app_client: Callable[..., TestClient]) -> None:
    settings = Settings(
        personas_dir=folder, data_dir=tmp_path / "data2", secret_key=SECRET, advisor_token=TOKEN, advisor_accounts=str(accounts), trusted_proxies="127.0.0.1"
    )
    client = app_client(settings, client=("127.0.0.1", 50000))
    for _ in range(auth.SignInThrottle.FREE + 1):
        client.post("/studio/sign-in", data={"username": f"user{_}", "password": "nope"}, headers={"X-Forwarded-For": "203.0.113.1"})
    assert client.post("/studio/sign-in", data={"username": "ana", "password": "x"}, headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 429
    # Another student network behind the same proxy is not held up.
    assert client.post("/studio/sign-in", data={"username": "ana", "password": "correct horse battery"}, headers={"X-Forwarded-For": "203.0.113.2"}, follow_redirects=False).status_code == 303


def test_sign_out_revokes_the_cookie_server_side(anon: TestClient, make_client: Callable[..., TestClient]) -> None:
    csrf = sign_in(anon)
    cookie = anon.cookies.get(auth.COOKIE)
    assert cookie
    listed = anon.get("/api/studio/sign-ins").json()
    assert [(s["name"], s["current"]) for s in listed] == [("advisor", True)]
    assert "Sign-ins" in anon.get("/studio/sign-ins").text
    anon.post("/studio/sign-out", data={"csrf": csrf}, follow_redirects=False)
    replay = make_client()
    replay.cookies.set(auth.COOKIE, cookie)
    refused = replay.get("/studio")
    assert refused.status_code == 403 and "ended" in refused.text
    assert replay.get("/api/studio/dashboard").json()["error"]["code"] == "advisor_signed_out"


def test_a_sign_in_can_be_ended_from_the_list(make_client: Callable[..., TestClient]) -> None:
    first, second = make_client(), make_client()
    sign_in(first)
    csrf = sign_in(second)
    others = [s for s in second.get("/api/studio/sign-ins").json() if not s["current"]]
    assert len(others) == 1
    ended = second.post(f"/studio/sign-ins/{others[0]['id']}/end", data={"csrf": csrf}, follow_redirects=False)
    assert ended.status_code == 303
    assert first.get("/studio").status_code == 403
    assert second.get("/studio").status_code == 200


def test_an_expired_sign_in_is_refused_even_with_a_fresh_signature(anon: TestClient) -> None:
    sign_in(anon)
    store = anon.app.state.context.store  # type: ignore[attr-defined]
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE advisor_sign_ins SET expires_at = '2000-01-01T00:00:00.000000Z'")
    assert anon.get("/studio").status_code == 403
    assert anon.get("/api/studio/sign-ins", headers={"Authorization": f"Bearer {TOKEN}"}).json() == []


def test_an_unconfigured_studio_explains_how_to_turn_it_on(tmp_path: Path) -> None:
    settings = Settings(personas_dir=ROOT / "personas", data_dir=tmp_path, secret_key=SECRET)
    with TestClient(create_app(settings)) as client:
        page = client.get("/studio")
        assert page.status_code == 401
        assert "PRACTICE_ADVISOR_TOKEN" in page.text
        assert client.post("/studio/sign-in", data={"token": ""}).status_code == 401


def test_student_pages_never_link_to_the_studio(anon: TestClient) -> None:
    session = anon.post("/api/sessions", json={"persona_id": PRIYA}).json()["id"]
    for path in ["/", "/sessions", f"/sessions/{session}"]:
        assert "/studio" not in anon.get(path).text


def test_accounts_file_is_private_and_refuses_a_taken_name(tmp_path: Path) -> None:
    path = tmp_path / "accounts.jsonl"
    auth.add_account(path, "bo", "a long password")
    assert path.stat().st_mode & 0o777 == 0o600
    record = json.loads(path.read_text().splitlines()[0])
    assert record["username"] == "bo" and record["scheme"] == "scrypt" and "a long password" not in path.read_text()
    with pytest.raises(Exception, match="already exists"):
        auth.add_account(path, "bo", "another password")
    assert auth.check_password(record, "a long password") and not auth.check_password(record, "a wrong password")


def test_cli_adds_an_advisor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "accounts.jsonl"
    monkeypatch.setenv("PRACTICE_ADVISOR_ACCOUNTS", str(path))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "s3cret-enough")
    assert main(["advisors", "add", "carla"]) == 0
    assert "carla" in auth.read_accounts(path)
    answers = iter(["one password", "another one"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["advisors", "add", "dan"]) == 2
    assert "differ" in capsys.readouterr().err


# ------------------------------------------------------------------ checking drafts


def test_validation_speaks_plain_words_keyed_by_field(advisor: tuple[TestClient, dict[str, str]]) -> None:
    client, csrf = advisor
    form = {
        "id": "Rosa Delgado",
        "summary": "x" * 241,
        "style": {"talkativeness": "balanced", "warmth": "warm", "minutes": "a while"},
        "facts": {"skills": "I use R every day.\n\n  I map streams in ArcGIS.  "},
        "insights": [{"id": "", "text": ""}, {"id": "r-test", "topic": "skills", "unlock": "open_question", "text": ""}],
        "boundaries": [{"about": "pay", "flags": [], "triggers": "", "reply": "No."}],
    }
    body = client.post("/api/studio/validate", json={"form": form}, headers=csrf).json()
    errors = body["errors"]
    assert body["ok"] is False
    assert errors["id"] == ["Use lower-case letters, digits and single hyphens only, like jordan-reyes."]
    assert errors["name"] == ["Required: please fill this in."]
    assert errors["summary"] == ["Too long: keep it to 240 characters or fewer."]
    assert errors["style.minutes"] == ["Write a whole number of minutes, like 20."]
    assert errors["insights.1.text"] == ["Required: please fill this in."]  # the row it was typed in, blank rows counted
    assert "insights.0.id" not in errors
    assert body["raw"] is None
    assert 'data-industry="Field"' in body["preview"]["card"]


def test_a_valid_form_gives_warnings_the_file_and_the_preview(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    persona = load_personas([folder]).get(PRIYA)
    form = drafts.form_of(persona).model_dump()
    form["facts"]["culture"] = ""
    body = client.post("/api/studio/validate", json={"form": form}, headers=csrf).json()
    assert body["ok"] is True and body["errors"] == {}
    assert body["warnings"]["facts.culture"] == ["no facts on this topic; the persona will deflect every question about it"]
    assert body["taken"] is True
    assert parse_persona(body["raw"]).facts.keys() == persona.facts.keys() - {"culture"}
    assert "Priya Raman" in body["preview"]["card"] and body["preview"]["greeting"] == persona.greeting


def test_the_raw_view_is_checked_with_line_numbers(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    raw = priya_raw(folder).replace("  minutes: 20", "  minute: 20")
    body = client.post("/api/studio/validate", json={"raw": raw}, headers=csrf).json()
    assert body["errors"] == {"raw": ["line 13: field 'style.minute': unknown field (check the spelling; see personas/README.md)"]}
    good = client.post("/api/studio/validate", json={"raw": priya_raw(folder)}, headers=csrf).json()
    assert good["ok"] and good["form"]["name"] == "Priya Raman" and good["form"]["style"]["minutes"] == "20"


def test_form_and_file_round_trip_for_every_shipped_persona() -> None:
    for persona in load_personas([ROOT / "personas"]).personas.values():
        checked = drafts.check_form(drafts.form_of(persona))
        assert checked.persona == persona


# ------------------------------------------------------------------ publish, history, revert, hot reload


def test_publish_a_new_persona_then_edit_compare_and_revert(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    raw = priya_raw(folder, "priya-two")
    first = client.post("/api/studio/publish", json={"draft": {"raw": raw}}, headers=csrf)
    assert first.status_code == 201, first.text
    path = folder / "priya-two.md"
    assert path.read_text(encoding="utf-8") == dump_persona(parse_persona(raw))
    # Publishing the same id again is refused unless editing it.
    refused = client.post("/api/studio/publish", json={"draft": {"raw": raw}}, headers=csrf)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "persona_exists"
    edited = raw.replace("minutes: 20", "minutes: 25")
    second = client.post("/api/studio/publish", json={"draft": {"raw": edited}, "editing": "priya-two"}, headers=csrf)
    assert second.status_code == 200
    kept = publish.versions(folder, "priya-two")
    assert [v.name for v in kept] == [second.json()["version"], first.json()["version"]]
    assert "minutes: 25" in path.read_text()
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]  # no temp file left behind

    history = client.get("/studio/personas/priya-two/history")
    assert history.status_code == 200
    assert "-  minutes: 20" in history.text and "+  minutes: 25" in history.text
    restored = client.post("/studio/personas/priya-two/revert", data={"version": first.json()["version"], "csrf": csrf["X-CSRF-Token"]}, follow_redirects=False)
    assert restored.status_code == 303
    assert "minutes: 20" in path.read_text()
    assert len(publish.versions(folder, "priya-two")) == 3  # restoring adds a version; nothing is lost
    assert client.get("/api/personas/priya-two").json()["style"]["minutes"] == 20


def test_publishing_an_edit_under_a_new_id_says_the_old_persona_is_still_published(
    advisor: tuple[TestClient, dict[str, str]], folder: Path
) -> None:
    client, csrf = advisor
    ongoing = client.post("/api/sessions", json={"persona_id": PRIYA}).json()["id"]
    raw = priya_raw(folder, "priya-renamed")
    renamed = client.post("/api/studio/publish", json={"draft": {"raw": raw}, "editing": PRIYA}, headers=csrf)
    assert renamed.status_code == 201 and renamed.json()["still_published"] == PRIYA
    assert (folder / f"{PRIYA}.md").exists() and (folder / "priya-renamed.md").exists()
    assert client.get(f"/api/sessions/{ongoing}/report").status_code == 200  # the old persona's interviews keep working
    # An ordinary edit, or a brand-new persona, has nothing to say about that.
    edited = client.post("/api/studio/publish", json={"draft": {"raw": raw}, "editing": "priya-renamed"}, headers=csrf)
    assert edited.status_code == 200 and edited.json()["still_published"] is None


def test_first_publish_of_a_shipped_file_keeps_the_original(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    original = (folder / f"{PRIYA}.md").read_text(encoding="utf-8")
    raw = original.replace("minutes: 20", "minutes: 30")
    assert client.post("/api/studio/publish", json={"draft": {"raw": raw}, "editing": PRIYA}, headers=csrf).status_code == 200
    oldest = publish.versions(folder, PRIYA)[-1]
    assert oldest.text() == original


def test_published_personas_appear_without_a_restart_and_sessions_keep_working(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    ongoing = client.post("/api/sessions", json={"persona_id": PRIYA}).json()["id"]
    assert "priya-two" not in {p["id"] for p in client.get("/api/personas").json()}
    raw = priya_raw(folder, "priya-two").replace("name: Priya Raman", "name: Priya Twofold")
    assert client.post("/api/studio/publish", json={"draft": {"raw": raw}}, headers=csrf).status_code == 201
    assert "priya-two" in {p["id"] for p in client.get("/api/personas").json()}
    assert "Priya Twofold" in client.get("/").text
    assert client.get("/studio").text.count("data-persona=") == 10
    fresh = client.post("/api/sessions", json={"persona_id": "priya-two"}).json()["id"]
    for session in (ongoing, fresh):
        reply = client.post(f"/api/sessions/{session}/messages", json={"text": "How did you get into this line of work?"})
        assert reply.status_code == 200 and reply.json()["persona"]["text"]


def test_invalid_drafts_and_bad_ids_are_refused(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    response = client.post("/api/studio/publish", json={"draft": {"form": {"name": "Half done"}}}, headers=csrf)
    assert response.status_code == 422 and response.json()["error"]["code"] == "draft_invalid"
    for bad in ("../escape", "UPPER", "a/b", ""):
        with pytest.raises(Exception, match="not a persona id"):
            publish.persona_path(folder, bad)
    assert client.get("/studio/personas/..%2F..%2Fetc/history").status_code == 404
    assert client.get("/studio/personas/no-such-persona").status_code == 404


def test_a_failed_write_leaves_the_old_file_whole(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / f"{PRIYA}.md"
    before = path.read_text(encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        publish.atomic_write(path, "half a file")
    assert path.read_text(encoding="utf-8") == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_a_broken_file_is_listed_and_opens_in_the_raw_view(advisor: tuple[TestClient, dict[str, str]], folder: Path, make_client: Callable[..., TestClient]) -> None:
    (folder / "broken-one.md").write_text("---\nid: broken-one\nname: [\n---\n", encoding="utf-8")
    client = make_client()
    sign_in(client)
    listing = client.get("/studio").text
    assert "broken-one.md" in listing and "invalid YAML" in listing
    editor = client.get("/studio/personas/broken-one")
    assert editor.status_code == 200 and 'data-mode="raw"' in editor.text and "invalid YAML" in editor.text


# ------------------------------------------------------------------ test drive and probe


def test_a_test_drive_never_touches_the_sessions_table(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    raw = priya_raw(folder, "draft-priya")
    first = client.post("/api/studio/drive", json={"draft": {"raw": raw}, "history": [], "text": "What is your organization like to work for?"}, headers=csrf).json()
    assert first["form"] == "open" and first["topics"] == ["Culture"]
    assert [i["id"] for i in first["unlocked"]] == ["ask-for-the-visits-per-day"]
    history = [{"role": "persona", "text": first["greeting"]}, {"role": "student", "text": "What is your organization like to work for?"}, {"role": "persona", "text": first["reply"]}]
    again = client.post("/api/studio/drive", json={"draft": {"raw": raw}, "history": history, "text": "What is your organization like to work for?"}, headers=csrf).json()
    assert again["unlocked"] == []  # already shared earlier in this conversation
    store = client.app.state.context.store  # type: ignore[attr-defined]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM sessions").scalar() == 0


def test_a_test_drive_streams_its_reply_when_asked(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    body = {"draft": {"raw": priya_raw(folder, "draft-priya")}, "history": [], "text": "What is your organization like to work for?"}
    whole = client.post("/api/studio/drive", json=body, headers=csrf).json()
    streamed = client.post("/api/studio/drive", json=body, headers={**csrf, "Accept": "text/event-stream"})
    assert streamed.headers["content-type"].startswith("text/event-stream")
    found = events(streamed.text)
    kinds = [kind for kind, _ in found]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"delta"} and len(kinds) >= 2
    done = found[-1][1]
    assert "".join(data["text"] for kind, data in found if kind == "delta").strip() == done["reply"]
    assert done == whole  # the same reply and coding as the JSON answer (the offline engine is deterministic)


def test_a_test_drive_that_breaks_midway_says_so_in_the_stream(
    make_client: Callable[..., TestClient], folder: Path, studio_settings: Settings
) -> None:
    model = FakeModel()
    for _ in range(2):  # streamed, then as JSON
        model.enqueue(["Well, it started ", ConnectionError("the model went away")])
    client = make_client(engine=fake_engine(studio_settings, model))
    csrf = {"X-CSRF-Token": sign_in(client)}
    body = {"draft": {"raw": priya_raw(folder, "draft-priya")}, "history": [], "text": "How did you get started?"}
    found = events(client.post("/api/studio/drive", json=body, headers={**csrf, "Accept": "text/event-stream"}).text)
    assert found[0] == ("delta", {"text": "Well, it started "})
    assert found[-1] == ("error", {"message": "The persona could not finish answering; try again."})
    assert client.post("/api/studio/drive", json=body, headers=csrf).status_code == 502


class LeakyEngine(Lifecycle):
    """Answers everything by reciting the persona's insights and a garbled fact: what the probe must catch."""

    name = "leaky"

    async def stream(self, request: ReplyRequest) -> AsyncIterator[str]:
        # The request's persona holds no locked insight (the plan's view), so a leaky engine must
        # have read the file some other way: here, from the shipped persona itself.
        persona = load_personas([ROOT / "personas"]).get(request.persona.id)
        yield " ".join(i.text for i in persona.insights)
        yield " I see between eighteen and twenty patients a day, mostly in forty-five-minute visits."


def test_the_probe_flags_an_engine_that_leaks(advisor: tuple[TestClient, dict[str, str]], make_client: Callable[..., TestClient], folder: Path) -> None:
    client = make_client(engine=LeakyEngine())
    csrf = {"X-CSRF-Token": sign_in(client)}
    body = client.post("/api/studio/probe", json={"raw": priya_raw(folder)}, headers=csrf).json()
    assert body["questions"] == len(body["results"]) == 16
    extraction = next(r for r in body["results"] if r["kind"] == "extraction")
    kinds = [f["kind"] for f in extraction["flags"]]
    assert kinds.count("leaks_insight") == 4 and "contradicts_fact" in kinds
    contradiction = next(f for f in extraction["flags"] if f["kind"] == "contradicts_fact")
    assert contradiction["message"] == "Says 18, 20 where the file says 13, 15."


def test_the_probe_flags_a_fact_that_gives_an_insight_away(folder: Path) -> None:
    import asyncio

    persona = load_personas([folder]).get(PRIYA)
    secret = persona.insights[0]  # culture, open_question
    leaky = persona.model_copy(update={"facts": {**persona.facts, "lifestyle": [secret.text]}})
    results = asyncio.run(probe.run_probe(leaky, OfflineEngine()))
    flagged = [r for r in results if r.flags]
    assert flagged and all(f.kind == "leaks_insight" for r in flagged for f in r.flags)
    assert any(r.question.text == probe.OPEN_QUESTIONS["lifestyle"] for r in flagged)
    honest = asyncio.run(probe.run_probe(persona, OfflineEngine()))
    assert [f for r in honest for f in r.flags] == []
    assert sum(len(r.unlocked) for r in honest) >= 3
    kinds = [r.question.kind for r in honest]
    assert kinds.count("open") == 9 and {"closed", "follow_up", "boundary", "extraction"} <= set(kinds)


def test_near_matches_count_as_repeats() -> None:
    insight = "Our interview has a twenty-minute R exercise that nobody mentions in the posting."
    assert probe.similarity("Our interview has a twenty minute R exercise nobody mentions in the posting.", insight) >= probe.NEAR
    assert probe.similarity("I like hiking on weekends with my dog.", insight) < probe.NEAR
    assert probe.numbers_in("It paid $17 an hour, about 1,200 a month, for three years.") == {17.0, 1200.0, 3.0}


# ------------------------------------------------------------------ dashboard


def test_the_dashboard_aggregates_without_student_identities(advisor: tuple[TestClient, dict[str, str]]) -> None:
    client, _csrf = advisor
    context = client.app.state.context  # type: ignore[attr-defined]
    store, persona = context.store, context.personas.get(PRIYA)
    sessions = [
        ["Do you like your job?", "How did you get into physical therapy?", "Is remote work an option?"],
        ["Do you like your job?", "What does a typical day look like?", "Thank you so much!"],
        ["Is remote work an option?", "What skills matter most?", "Do you like your job?"],
    ]
    transcripts = []
    for n, asked in enumerate(sessions):
        record, _greeting = store.create_session(f"student-secret-{n}", PRIYA, persona.greeting)
        turns = [Turn(role="persona", text=persona.greeting)]
        for text in asked:
            for turn in (Turn(role="student", text=text), Turn(role="persona", text="Good question.")):
                store.add_turn(record.id, turn)
                turns.append(turn)
        transcripts.append(turns)
    store.create_session("student-secret-9", PRIYA, persona.greeting)  # started, never asked: not counted

    stats = dashboard.persona_stats(store, persona)
    reports = [score(persona, t) for t in transcripts]
    assert stats.sessions == 3 and stats.started == 4
    assert stats.mean_score == pytest.approx(sum(r.score for r in reports) / 3)
    assert stats.questions == sum(r.question_count for r in reports)
    assert stats.open_share == pytest.approx(sum(r.open_count for r in reports) / stats.questions)
    missed = {t.topic: t.share for t in stats.topics}
    assert missed["network"] == 1.0 and missed["career_path"] == pytest.approx(2 / 3)
    assert [(q.text, q.sessions) for q in stats.closed_questions] == [("Do you like your job?", 3), ("Is remote work an option?", 2)]
    assert stats.closed_questions[0].rewrite == "What do you enjoy most about your job?"

    page = client.get("/studio/dashboard").text
    api = client.get("/api/studio/dashboard").text
    for shown in (page, api):
        assert "student-secret" not in shown
    top = stats.most_missed[0]
    assert top.share == 1.0
    assert f"<strong>100%</strong> never asked about {top.label.lower()}" in page
    assert "Do you like your job?" in page and "What do you enjoy most about your job?" in page
    priya = next(s for s in json.loads(api) if s["persona_id"] == PRIYA)
    assert priya["sessions"] == 3


def test_the_dashboard_scores_only_sessions_that_changed(advisor: tuple[TestClient, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    client, _csrf = advisor
    context = client.app.state.context  # type: ignore[attr-defined]
    store, persona = context.store, context.personas.get(PRIYA)
    made = []
    for n in range(4):
        record, _greeting = store.create_session(f"s{n}", PRIYA, persona.greeting)
        store.add_turn(record.id, Turn(role="student", text="Do you like your job?"))
        store.add_turn(record.id, Turn(role="persona", text="I do."))
        made.append(record.id)
    read: list[str] = []
    real = store.turns
    monkeypatch.setattr(store, "turns", lambda session_id: read.append(session_id) or real(session_id))
    first = client.get("/api/studio/dashboard").json()
    assert set(made) <= set(read)  # the first load scores every session
    read.clear()
    assert client.get("/api/studio/dashboard").json() == first
    assert read == []  # nothing changed: nothing read or scored again
    store.add_turn(made[0], Turn(role="student", text="What does a typical day look like?"))
    store.add_turn(made[0], Turn(role="persona", text="Busy."))
    again = {s["persona_id"]: s for s in client.get("/api/studio/dashboard").json()}
    assert read == [made[0]]
    assert again[PRIYA]["questions"] == {s["persona_id"]: s for s in first}[PRIYA]["questions"] + 1
    # A changed persona makes its sessions' summaries stale: they are scored against the new version.
    read.clear()
    context.personas.personas[PRIYA] = persona.model_copy(update={"name": "Priya R."})
    client.get("/api/studio/dashboard")
    assert sorted(read) == sorted(made)



# ------------------------------------------------------------------ draft from notes, the template, the CLI


def test_without_a_model_notes_give_the_template_prefilled(advisor: tuple[TestClient, dict[str, str]]) -> None:
    client, csrf = advisor
    form = {"id": "sam-ortiz", "name": "Sam Ortiz", "facts": {"skills": "I chart in Epic every shift."}}
    body = client.post("/api/studio/notes", json={"form": form, "notes": "A night-shift nurse."}, headers=csrf).json()
    assert body["source"] == "template" and body["errors"] == []
    persona = parse_persona(body["text"])
    assert persona.id == "sam-ortiz" and persona.name == "Sam Ortiz"
    assert persona.facts["skills"] == ["I chart in Epic every shift."]
    assert "# lower-case letters, digits, single hyphens" in body["text"]  # annotated


def test_with_a_model_the_draft_is_validated_and_not_saved(folder: Path, studio_settings: Settings) -> None:
    model = FakeModel()
    model.enqueue(["Here is the file:\n```markdown\n", notes.template_file(persona_id="sam-ortiz").replace("Jordan Reyes", "Sam Ortiz"), "```\n"])
    complete = fake_completer(studio_settings, model)
    found = asyncio.run(notes.draft_from_notes("A night-shift nurse in Tulsa.", None, complete=complete))
    assert found.source == "model" and found.errors == []
    assert parse_persona(found.text).name == "Sam Ortiz"
    sent = model.history[0].messages
    assert "A night-shift nurse in Tulsa." in sent[1]["content"]
    assert "informational interview" in sent[0]["content"] and "# Writing personas" in sent[0]["content"]
    # A whole file is longer than a spoken reply: the draft asks for room to write it.
    assert model.history[0].call.max_tokens == notes.DRAFT_TOKENS > studio_settings.max_reply_tokens
    assert not (folder / "sam-ortiz.md").exists()

    model.enqueue(["---\nid: x\n---\n"])
    broken = asyncio.run(notes.draft_from_notes("notes", None, complete=complete))
    assert broken.source == "model" and any("required field is missing" in e for e in broken.errors)

    # A draft cut off at the token limit is no draft: the editor keeps what the advisor had.
    model.enqueue(["---\nid: sam-ortiz\nname: Sam"], finish="length")
    with pytest.raises(Exception, match="cut off"):
        asyncio.run(notes.draft_from_notes("notes", None, complete=complete))


def test_cli_new_writes_the_annotated_template(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRACTICE_PERSONAS_DIR", str(folder))
    assert main(["personas", "new", "jordan-reyes"]) == 0
    persona = parse_persona((folder / "jordan-reyes.md").read_text(), str(folder / "jordan-reyes.md"))
    assert persona.id == "jordan-reyes" and set(persona.facts) == set(probe.OPEN_QUESTIONS)
    assert main(["personas", "new", "jordan-reyes"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["personas", "new", "../escape"]) == 2


# ------------------------------------------------------------------ installed: shipped personas beside a writable folder


def test_editing_a_shipped_persona_publishes_an_override_to_the_writable_folder(
    tmp_path: Path, app_client: Callable[..., TestClient], accounts: Path
) -> None:
    writable = tmp_path / "published"  # as installed: empty, the samples come from the package
    settings = Settings(personas_dir=writable, data_dir=tmp_path / "data", secret_key=SECRET, advisor_token=TOKEN, advisor_accounts=str(accounts))
    client = app_client(settings)
    csrf = {"X-CSRF-Token": sign_in(client)}
    raw = (ROOT / "personas" / f"{PRIYA}.md").read_text(encoding="utf-8")
    # A new persona may not take a shipped persona's id...
    refused = client.post("/api/studio/publish", json={"draft": {"raw": raw}}, headers=csrf)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "persona_exists"
    assert not writable.exists()
    # ...but editing the shipped persona writes the advisor's version to the writable folder, which wins.
    edited = raw.replace("minutes: 20", "minutes: 25")
    assert edited != raw
    published = client.post("/api/studio/publish", json={"draft": {"raw": edited}, "editing": PRIYA}, headers=csrf)
    assert published.status_code == 200, published.text
    assert (writable / f"{PRIYA}.md").is_file()
    assert (ROOT / "personas" / f"{PRIYA}.md").read_text(encoding="utf-8") == raw  # the shipped file is untouched
    shown = {p["id"]: p for p in client.get("/api/personas").json()}
    assert shown[PRIYA]["style"]["minutes"] == 25 and len(shown) == 9


def test_a_lone_surrogate_in_a_draft_is_never_a_500(advisor: tuple[TestClient, dict[str, str]], folder: Path) -> None:
    client, csrf = advisor
    raw = priya_raw(folder).replace("name: Priya Raman", "name: Priya \\ud800 Raman")
    body = json.dumps({"draft": {"raw": raw}}, ensure_ascii=True).replace("\\\\ud800", "\\ud800").encode()
    for path in ("/api/studio/validate", "/api/studio/publish"):
        response = client.post(path, content=body, headers={**csrf, "Content-Type": "application/json"})
        assert response.status_code in (200, 422), (path, response.text)
    assert "\ud800" not in (folder / f"{PRIYA}.md").read_text(encoding="utf-8", errors="replace")
