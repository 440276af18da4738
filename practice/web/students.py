"""Who is asking: an anonymous student id per browser, kept in a signed cookie.

The id only ever comes from the cookie we signed, so a session is reachable by its owner alone.
"""

from __future__ import annotations

import os
import secrets
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from itsdangerous import BadSignature, Signer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from practice.settings import Settings

COOKIE = "practice_student"
ONE_YEAR = 365 * 24 * 3600


def secret_key(settings: Settings) -> str:
    """PRACTICE_SECRET_KEY, else a key generated once and kept (0600) in the data folder."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole under another name, then linked into place (which fails if one is there): several
    # workers starting at once all end up with the first key, never an empty or half-written file.
    temp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: a plain rename, still never half a file
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path.read_text(encoding="utf-8").strip()


class StudentCookie:
    """ASGI middleware: puts `student_id` in request.state, issuing a cookie when there is none."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.signer = Signer(secret, salt="practice.student")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        student = self._read(scope)
        fresh = student is None
        if student is None:
            student = uuid.uuid4().hex
        scope.setdefault("state", {})["student_id"] = student

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                value = self.signer.sign(student).decode()
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                cookie = f"{COOKIE}={value}; Path=/; Max-Age={ONE_YEAR}; HttpOnly; SameSite=Lax{secure}"
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _read(self, scope: Scope) -> str | None:
        for name, value in scope.get("headers", []):
            if name != b"cookie":
                continue
            for part in value.decode("latin-1").split(";"):
                key, _, raw = part.strip().partition("=")
                if key == COOKIE:
                    try:
                        return self.signer.unsign(raw).decode()
                    except BadSignature:
                        return None
        return None


async def _student_id(request: Request) -> str:  # async: see _context in context.py
    return str(request.state.student_id)


StudentId = Annotated[str, Depends(_student_id)]
