"""One turn of a stored interview: commit the student's message, run the engine, store the reply.

The student turn is committed before the engine runs, so nothing typed is lost; an engine
that fails leaves its partial reply, marked partial, and the session offers a retry.
The "reply in progress" mark lives in the database with the question (see practice/store.py), so
every worker and instance on one database sees it: one engine per question, whoever serves it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from practice.engines.base import Reply, ReplyRequest
from practice.interview import persona_turn, prepare
from practice.personas import Persona
from practice.plaintext import blank_kind, lone_surrogate, printable
from practice.scoring import Report, score
from practice.store import SessionRecord, TurnRecord, now
from practice.transcript import Turn
from practice.web import limits
from practice.web.context import AppContext
from practice.web.coverage import Coverage, coverage_of
from practice.web.problems import WebProblem, not_found

log = logging.getLogger("practice.web")

P = ParamSpec("P")
R = TypeVar("R")

# A question is marked as being answered for this long, renewed every RENEW_MARK_SECONDS while its
# reply is written; a worker killed mid-reply (or a stream that never ran) lets it go when it lapses.
REPLY_MARK_SECONDS = 60.0
RENEW_MARK_SECONDS = 20.0
# The same question again within this many seconds is a double submit (see _sent_twice).
REPEAT_SECONDS = 5.0
# After the first words (sent at once), what the engine says within this long goes out as one event:
# fewer writes when many replies stream at once, and a pace the eye cannot tell from token by token.
PACE_SECONDS = 0.025


@dataclass(frozen=True)
class OpenSession:
    """A session loaded for its owner, with its persona and turns."""

    record: SessionRecord
    persona: Persona
    turns: list[TurnRecord]
    persona_note: str | None = None  # the persona file no longer loads: this is the persona as it was

    @property
    def history(self) -> list[Turn]:
        return [t.to_turn() for t in self.turns]

    @property
    def coverage(self) -> Coverage:
        return coverage_of(self.persona, self.history)

    def transcript(self) -> dict[str, object]:
        """The transcript format `practice score` reads."""
        return {"persona_id": self.persona.id, "turns": [{"role": t.role, "text": t.text} for t in self.turns]}

    def report(self) -> Report:
        # Missed insights are revealed only once the interview is over.
        return score(self.persona, [Turn(role=t.role, text=t.text) for t in self.turns], reveal=self.record.ended)

    @property
    def awaiting_reply(self) -> bool:
        return bool(self.turns) and self.turns[-1].role == "student"

    @property
    def can_retry(self) -> bool:
        if self.record.ended or not self.turns:
            return False
        last = self.turns[-1]
        return last.role == "student" or last.partial


@dataclass(frozen=True)
class PendingReply:
    session: OpenSession
    request: ReplyRequest
    student: TurnRecord


@dataclass(frozen=True)
class Delta:
    text: str


@dataclass(frozen=True)
class Notice:
    """A line for the student about this reply (e.g. the AI service is down); sent before its words."""

    message: str


@dataclass(frozen=True)
class Done:
    student: TurnRecord
    persona: TurnRecord
    coverage: Coverage


@dataclass(frozen=True)
class Failed:
    message: str
    student: TurnRecord
    partial: TurnRecord | None


ReplyEvent = Delta | Notice | Done | Failed


def load(context: AppContext, student_id: str, session_id: str) -> OpenSession:
    record, turns = context.store.session_with_turns(session_id)
    if record is None or record.student_id != student_id:
        raise not_found("session")
    persona, note = context.persona_for(record)
    if persona is None:
        raise WebProblem(404, "persona_not_found", "The persona of this session is no longer available.")
    return OpenSession(record, persona, turns, note)


async def on_store(context: AppContext, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run one short store call of an interview turn.

    SQLite's calls are a fraction of a millisecond of CPU with nothing to wait for, so they run
    right here on the event loop. In a worker thread the same call waits for the GIL behind the
    busy loop, up to the 5 ms switch interval each time the driver hands it back: with 50 replies
    streaming, committing a question took over 100 ms that way (bench/overhead.py). PostgreSQL's
    calls wait on the network, so they go to a worker thread.
    """
    if context.store.is_sqlite:
        return call(*args, **kwargs)
    return await run_in_threadpool(call, *args, **kwargs)


async def open_session(context: AppContext, student_id: str, session_id: str) -> OpenSession:
    return await on_store(context, load, context, student_id, session_id)


async def start(context: AppContext, student_id: str, persona_id: str) -> tuple[SessionRecord, TurnRecord]:
    persona = context.personas.get(persona_id)
    snapshot = context.snapshot_of(persona)
    return await on_store(context, context.store.create_session, student_id, persona.id, persona.greeting, snapshot)


async def end(context: AppContext, student_id: str, session_id: str) -> SessionRecord:
    session = await open_session(context, student_id, session_id)
    return await on_store(context, context.store.end_session, session.record.id)


def check_message(context: AppContext, text: str) -> str:
    """The message as it will be stored (terminal escape codes and control characters removed), or a
    422 naming what is wrong with it; nothing is stored before this passes."""
    broken = lone_surrogate(text)
    if broken:
        raise WebProblem(422, "message_invalid_text", f"Your message holds a broken character ({broken}, half of an emoji or symbol) that cannot be stored; delete it and send again.")
    blank = blank_kind(text)
    if blank:
        raise WebProblem(422, "message_empty", f"Your message holds {blank}; type a question first.")
    text = printable(text).strip()
    limit = context.settings.max_message_chars
    if len(text) > limit:
        raise WebProblem(422, "message_too_long", f"Your message is {len(text):,} characters; the limit is {limit:,}.")
    return text


async def ask(context: AppContext, student_id: str, session_id: str, text: str) -> PendingReply:
    """Validate and commit the student's turn; the engine has not run yet when this returns."""
    text = check_message(context, text)
    # One call: load, analyse, commit (with PostgreSQL, each trip to a thread is latency before the first word).
    return await on_store(context, _commit_question, context, student_id, session_id, text)


def _commit_question(context: AppContext, student_id: str, session_id: str, text: str) -> PendingReply:
    session = load(context, student_id, session_id)
    _check_open(session)
    if session.awaiting_reply:
        raise WebProblem(
            409, "reply_pending", "Your last question has no reply yet: wait for it, or retry it if it failed."
        )
    if _sent_twice(session, text):
        raise WebProblem(409, "message_repeated", "You just asked exactly that, and the answer is above; ask a follow-up instead.")
    if _too_soon(session, context.settings.question_gap):
        raise WebProblem(409, "one_at_a_time", "Your last question was answered a moment ago: read the answer, then ask the next one.")
    limits.check_question(context.settings, session.turns)
    request = prepare(session.persona, session.history, text)
    try:
        # Stored with its mark, in one commit: from the moment it exists, no retry elsewhere runs a second engine.
        student = context.store.add_turn(
            session.record.id,
            request.question,
            after=session.turns[-1].seq if session.turns else None,
            reply_until=now(REPLY_MARK_SECONDS),
        )
    except IntegrityError:
        raise WebProblem(409, "reply_pending", "Another message to this session arrived at the same moment; reload and try again.") from None
    return PendingReply(session, request, student)


def _too_soon(session: OpenSession, gap: float) -> bool:
    """A question within `gap` seconds of the last one: a burst sent at once (or a script), not a student reading."""
    if not gap or len(session.turns) < 2 or session.turns[-1].partial:
        return False
    last = session.turns[-2]
    return last.role == "student" and last.created_at > now(-gap)


def _sent_twice(session: OpenSession, text: str) -> bool:
    """The same text as the last question, within REPEAT_SECONDS of it: a double submit, not a new question.

    Two workers may take a burst of copies one after another; a copy that comes in after the first
    one's reply is stored would otherwise be asked (and answered) again.
    """
    if len(session.turns) < 2 or session.turns[-1].partial:
        return False  # a reply cut off is finished by a retry, or by asking again
    last = session.turns[-2]
    return last.role == "student" and last.text == text and last.created_at > now(-REPEAT_SECONDS)


async def retry(context: AppContext, student_id: str, session_id: str) -> PendingReply:
    """Run the engine again for the last question whose reply is missing or partial."""
    session = await open_session(context, student_id, session_id)
    _check_open(session)
    if not session.can_retry:
        raise WebProblem(409, "nothing_to_retry", "Every question in this session already has a full reply.")
    await on_store(context, limits.check_retry, context.settings, context.store, session.record.id, session.turns)
    index = max(i for i, t in enumerate(session.turns) if t.role == "student")
    student = session.turns[index]
    request = prepare(session.persona, [t.to_turn() for t in session.turns[:index]], student.text)
    claimed = await on_store(context, context.store.claim_reply, session.record.id, student.seq, now(REPLY_MARK_SECONDS))
    if not claimed:
        raise WebProblem(409, "reply_in_progress", "The reply to your last question is still arriving.")
    return PendingReply(session, request, student)


class Paced:
    """An engine's chunks, batched: the first at once, then at most one batch per `pace` seconds.

    A helper task reads the engine, so its words keep arriving while a batch is on its way to the
    browser; a timer (not a sleep) wakes the reader of batches, and the end of the reply wakes it
    at once. An engine failure is raised after the words that came before it.
    """

    def __init__(self, chunks: AsyncIterator[str], pace: float = PACE_SECONDS) -> None:
        self.chunks = chunks
        self.pace = pace
        self.held: list[str] = []  # arrived, not yet handed on
        self._wake = asyncio.Event()
        self._due = 0.0  # loop time before which no batch goes out (0: the first goes at once)
        self._timer: asyncio.TimerHandle | None = None
        self._ended = False
        self._failure: BaseException | None = None
        self._task: asyncio.Task[None] | None = None

    def __aiter__(self) -> AsyncIterator[str]:
        return self._batches()

    async def _batches(self) -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._read(loop))
        try:
            while True:
                now = loop.time()
                if self.held and (self._ended or now >= self._due):
                    text = "".join(self.held)
                    self.held.clear()
                    self._due = now + self.pace
                    yield text
                    continue
                if self._ended and not self.held:
                    break
                if self.held and self._timer is None:
                    self._timer = loop.call_at(self._due, self._ring)
                self._wake.clear()  # every condition was read just now: no wake-up can be lost
                await self._wake.wait()
            if self._failure is not None:
                raise self._failure
        finally:
            self.close()

    def close(self) -> None:
        """Stop reading the engine (the reader of batches is gone); safe to call at any time."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            async for chunk in self.chunks:
                if not chunk:
                    continue
                self.held.append(chunk)
                if loop.time() >= self._due:
                    self._wake.set()
                elif self._timer is None:
                    self._timer = loop.call_at(self._due, self._ring)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # handed to the reader of batches, after the words before it
            self._failure = exc
        finally:
            self._ended = True
            self._wake.set()

    def _ring(self) -> None:
        self._timer = None
        self._wake.set()


async def voiced(paced: Paced, notes: Reply | None) -> AsyncIterator[Delta | Notice]:
    """An engine's paced words as the student hears them: its notice (if any) before the first words it concerns."""
    told = False
    async for chunk in paced:
        if notes is not None and notes.notice and not told:
            told = True
            yield Notice(notes.notice)
        yield Delta(chunk)


# Before an offline reply read at a pace, the persona "thinks" this long (the typing indicator shows).
READING_PAUSE_SECONDS = 0.5


async def read_aloud(chunks: AsyncIterator[str], words_per_second: float) -> AsyncIterator[str]:
    """An offline reply at a reading pace: a short pause, then word by word (a model's reply keeps its own pace)."""
    await asyncio.sleep(READING_PAUSE_SECONDS)
    async for chunk in chunks:
        yield chunk
        await asyncio.sleep(len(chunk.split()) / words_per_second)


async def reply(context: AppContext, pending: PendingReply, *, streamed: bool = False) -> AsyncIterator[ReplyEvent]:
    """Stream the engine's reply, then store it; on failure store what arrived, marked partial.

    `streamed`: the student watches it arrive (SSE), so an offline reply comes at `reading_pace`.
    """
    session_id = pending.session.record.id
    chunks: list[str] = []
    notes: Reply | None = None  # an engine that reports usage or a notice returns a Reply
    paced: Paced | None = None
    keeper = MarkKeeper(context, pending)
    try:
        try:
            stream = context.engine.stream(pending.request)
            notes = stream if isinstance(stream, Reply) else None
            pace = context.settings.reading_pace
            paced = Paced(read_aloud(stream, pace) if streamed and pace and notes is None else stream)
            async for event in voiced(paced, notes):
                if isinstance(event, Delta):
                    chunks.append(event.text)
                yield event
        except Exception as exc:
            log.warning("engine %s failed in session %s: %r", context.engine.name, session_id, exc)
            partial = await on_store(context, _store_reply, context, pending, chunks, True, notes)
            yield Failed(
                "The reply was cut off. Your question is saved; retry to hear the rest.",
                pending.student,
                partial,
            )
            return
        except BaseException:
            # Client gone or server stopping: keep what was said. A blocking write here is
            # deliberate; awaiting inside a cancelled task is not reliable.
            _store_reply(context, pending, chunks + (paced.held if paced is not None else []), True, notes)
            raise
        stored = await on_store(context, _store_reply, context, pending, chunks, False, notes)
        assert stored is not None
        turns = [*pending.request.history, pending.request.question, stored.to_turn()]
        yield Done(pending.student, stored, coverage_of(pending.session.persona, turns))
    finally:
        keeper.stop()
        if paced is not None:
            paced.close()


async def reply_whole(context: AppContext, pending: PendingReply) -> Done:
    async for event in reply(context, pending):
        if isinstance(event, Done):
            return event
        if isinstance(event, Failed):
            raise WebProblem(502, "reply_failed", event.message)
    raise AssertionError("the reply ended without a result")


def _store_reply(
    context: AppContext, pending: PendingReply, chunks: list[str], partial: bool, notes: Reply | None = None
) -> TurnRecord | None:
    text = "".join(chunks).strip()
    if partial and not text:
        # Nothing was said: the reply is simply missing, and a retry (let go of the mark) fills it.
        context.store.release_reply(pending.session.record.id, pending.student.seq)
        return None
    turn = persona_turn(pending.request, text)
    if partial:
        turn.unlocked = []  # a cut-off reply may not have reached the insight; let a later answer share it
    usage, notice = (notes.usage, notes.notice) if notes is not None else (None, None)
    return context.store.replace_reply(pending.session.record.id, pending.student.seq, turn, partial=partial, usage=usage, notice=notice)


def _check_open(session: OpenSession) -> None:
    if session.record.ended:
        raise WebProblem(409, "session_ended", "This interview has ended. Start a new one from the gallery to keep practising.")


class MarkKeeper:
    """While a reply is written (however long the model takes), renew its question's mark every RENEW_MARK_SECONDS.

    A timer rather than a task: nearly every reply ends before the first renewal, and a timer is
    the cheaper thing to start and cancel on the path to a reply's first word.
    """

    def __init__(self, context: AppContext, pending: PendingReply) -> None:
        self.context = context
        self.pending = pending
        self.loop = asyncio.get_running_loop()
        self.timer: asyncio.TimerHandle | None = self.loop.call_later(RENEW_MARK_SECONDS, self._renew)
        self.renewing: set[asyncio.Task[None]] = set()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _renew(self) -> None:
        self.timer = self.loop.call_later(RENEW_MARK_SECONDS, self._renew)
        if self.context.store.is_sqlite:  # a fraction of a millisecond: right here, as every SQLite call of a turn
            self._write()
            return
        task = self.loop.create_task(self._write_elsewhere())
        self.renewing.add(task)
        task.add_done_callback(self.renewing.discard)

    async def _write_elsewhere(self) -> None:
        await run_in_threadpool(self._write)

    def _write(self) -> None:
        session_id = self.pending.session.record.id
        try:
            self.context.store.renew_reply(session_id, self.pending.student.seq, now(REPLY_MARK_SECONDS))
        except Exception as exc:  # the database is away: the reply goes on, and the mark may lapse early
            log.warning("could not renew the reply mark of session %s: %r", session_id, exc)
