"""Who may use the studio: advisor accounts, the signed advisor cookie and its CSRF token.

Two ways to be an advisor: the one shared PRACTICE_ADVISOR_TOKEN, or a username and
password from the PRACTICE_ADVISOR_ACCOUNTS file (JSON lines, scrypt hashes with a salt).
The cookie is signed with the same secret as the student cookie, under its own salt,
and carries a per-sign-in CSRF token that every studio POST must echo back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from practice.errors import InputError

COOKIE = "practice_advisor"
# An advisor signs in for a working day; after that the cookie is refused as expired.
MAX_AGE_SECONDS = 12 * 3600
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
# scrypt's interactive parameters: about 50 ms and 16 MiB per check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


@dataclass(frozen=True)
class Advisor:
    """A signed-in advisor: their name (or "advisor" for the shared token) and their CSRF token."""

    name: str
    csrf: str


def hash_password(password: str, salt: bytes | None = None) -> dict[str, str | int]:
    """One accounts-file record's secret part: scrypt with a random salt."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return {"scheme": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex(), "hash": digest.hex()}


def read_accounts(path: Path) -> dict[str, dict[str, str | int]]:
    """username -> record; a missing file means no accounts."""
    accounts: dict[str, dict[str, str | int]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return accounts
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{path}: line {number}: not a JSON object") from None
        if not isinstance(record, dict) or not isinstance(record.get("username"), str):
            raise InputError(f"{path}: line {number}: each line needs a 'username'")
        accounts[record["username"]] = record
    return accounts


def add_account(path: Path, username: str, password: str) -> None:
    """Append one advisor to the accounts file (created 0600 when missing); refuse a taken name."""
    if not USERNAME.match(username):
        raise InputError("a username is 1 to 64 letters, digits, dots, hyphens, underscores or @")
    if len(password) < 8:
        raise InputError("the password must be at least 8 characters")
    if username in read_accounts(path):
        raise InputError(f"{path}: the username {username!r} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"username": username, **hash_password(password)}
    # Created readable by its owner only: the hashes are salted, but still nobody else's business.
    with open(path, "a", encoding="utf-8", opener=lambda name, flags: os.open(name, flags, 0o600)) as out:
        out.write(json.dumps(record) + "\n")


def check_password(record: dict[str, str | int], password: str) -> bool:
    try:
        salt = bytes.fromhex(str(record["salt"]))
        expected = bytes.fromhex(str(record["hash"]))
        if record.get("scheme") == "pbkdf2_sha256":
            digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, int(record["iterations"]))
        else:
            digest = hashlib.scrypt(password.encode(), salt=salt, n=int(record["n"]), r=int(record["r"]), p=int(record["p"]))
    except (KeyError, ValueError):
        return False
    return hmac.compare_digest(digest, expected)


class SignInThrottle:
    """Failed sign-ins per client: after FAILURES within WINDOW seconds, refuse until the window passes.

    In memory, per process: enough to make guessing a token or a password slow.
    """

    FAILURES = 5
    WINDOW = 600.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures: dict[str, list[float]] = {}

    def _recent(self, client: str) -> list[float]:
        cutoff = self.clock() - self.WINDOW
        recent = [t for t in self.failures.get(client, []) if t > cutoff]
        if recent:
            self.failures[client] = recent
        else:
            self.failures.pop(client, None)
        return recent

    def blocked_for(self, client: str) -> float:
        """Seconds until this client may try again (0 when it may now)."""
        recent = self._recent(client)
        if len(recent) < self.FAILURES:
            return 0.0
        return max(0.0, recent[0] + self.WINDOW - self.clock())

    def failed(self, client: str) -> None:
        self._recent(client)
        self.failures.setdefault(client, []).append(self.clock())

    def succeeded(self, client: str) -> None:
        self.failures.pop(client, None)


class AdvisorGate:
    """Checks credentials and issues and reads the signed advisor cookie."""

    def __init__(self, secret: str, token: str = "", accounts: str | Path | None = None) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="practice.advisor")
        self.token = token
        self.accounts = Path(accounts).expanduser() if accounts else None
        self.throttle = SignInThrottle()

    @property
    def configured(self) -> bool:
        return bool(self.token or self.accounts)

    @property
    def uses_accounts(self) -> bool:
        return self.accounts is not None

    def check_token(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(given.encode(), self.token.encode())

    def sign_in(self, username: str, password: str, token: str) -> Advisor | None:
        """The advisor these credentials name, or None."""
        if token and self.check_token(token):
            return Advisor("advisor", secrets.token_urlsafe(24))
        if username and password and self.accounts is not None:
            record = read_accounts(self.accounts).get(username)
            if record is not None and check_password(record, password):
                return Advisor(username, secrets.token_urlsafe(24))
        return None

    def cookie_value(self, advisor: Advisor) -> str:
        return self.serializer.dumps({"name": advisor.name, "csrf": advisor.csrf})

    def read(self, value: str) -> Advisor:
        """The advisor a cookie names; raises SignatureExpired or BadSignature."""
        data = self.serializer.loads(value, max_age=MAX_AGE_SECONDS)
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not isinstance(data.get("csrf"), str):
            raise BadSignature("malformed advisor cookie")
        return Advisor(data["name"], data["csrf"])


__all__ = ["COOKIE", "Advisor", "AdvisorGate", "BadSignature", "SignatureExpired", "add_account", "check_password", "hash_password"]
