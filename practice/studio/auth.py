"""Who may use the studio: advisor accounts, the signed advisor cookie and its CSRF token.

Two ways to be an advisor: the one shared PRACTICE_ADVISOR_TOKEN, or a username and
password from the PRACTICE_ADVISOR_ACCOUNTS file (JSON lines, scrypt hashes with a salt).
Each sign-in is kept server-side (listed, ended by sign-out or from the list, and by expiry); the
cookie, signed with the student cookie's secret under its own salt, only names it. Every studio
POST must echo the sign-in's CSRF token. Failed sign-ins are throttled per address and per name.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from practice.errors import InputError
from practice.store import AdvisorSignIn, Store

COOKIE = "practice_advisor"
# An advisor signs in for a working day; after that the cookie is refused as expired.
MAX_AGE_SECONDS = 12 * 3600
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
# scrypt's interactive parameters: about 50 ms and 16 MiB per check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


@dataclass(frozen=True)
class Advisor:
    """A signed-in advisor: their name (or "advisor" for the shared token), their CSRF token, and the
    id of their sign-in (empty for a script that sends the bearer token)."""

    name: str
    csrf: str
    sign_in: str = ""


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
    """Sign-ins (and bearer tokens) that did not match, per client address and per account name, in
    the database so every worker and instance sees them.

    The first FREE failures in a row cost nothing; after that each attempt waits a delay that doubles
    (1 s, 2 s, 4 s, ...) up to `max_delay`: slow enough to make guessing hopeless, short enough that a
    campus NAT or an advisor who mistyped is never walled out for long. A key's failures are forgotten
    FORGET seconds after its last, and on a sign-in that matches. Each attempt is counted before the
    credentials are checked, in the same statement that reads the wait, so guesses sent in parallel
    (or to several workers) are held back like guesses sent one by one.
    """

    FREE = 5
    FORGET = 900.0

    def __init__(self, store: Store, max_delay: float = 60.0, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.max_delay = max_delay
        self.clock = clock

    @staticmethod
    def keys(address: str, name: str) -> list[str]:
        return [f"address:{_digest(address)}", f"name:{_digest(name.lower())}"]

    def delay(self, failures: int) -> float:
        if failures <= self.FREE:
            return 0.0
        return float(min(self.max_delay, 2 ** min(failures - self.FREE - 1, 30)))

    def attempt(self, address: str, name: str) -> float:
        """Before checking credentials: 0 when this address may try this name now (the attempt is then
        counted as a failure until `succeeded`), else the seconds to wait (and nothing is counted)."""
        now = self.clock()
        return self.store.sign_in_attempt(self.keys(address, name), now, now - self.FORGET, self.delay)

    def succeeded(self, address: str, name: str) -> None:
        self.store.sign_in_succeeded(self.keys(address, name))


class SignInEnded(BadSignature):
    """The cookie is ours, but its sign-in was ended (signed out, or ended from the list)."""


class AdvisorGate:
    """Checks credentials, and starts, reads and ends advisor sign-ins.

    A sign-in lives in the database (advisor_sign_ins); the cookie holds only a random secret naming
    it (signed, and the database keeps just its hash), so signing out revokes the cookie everywhere.
    """

    def __init__(
        self, secret: str, token: str = "", accounts: str | Path | None = None, *, store: Store, max_delay: float = 60.0
    ) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="practice.advisor")
        self.token = token
        self.accounts = Path(accounts).expanduser() if accounts else None
        self.store = store
        self.throttle = SignInThrottle(store, max_delay)

    @property
    def configured(self) -> bool:
        return bool(self.token or self.accounts)

    @property
    def uses_accounts(self) -> bool:
        return self.accounts is not None

    def check_token(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(given.encode(), self.token.encode())

    def sign_in(self, username: str, password: str, token: str) -> str | None:
        """The name of the advisor these credentials are ("advisor" for the shared token), or None."""
        if token and self.check_token(token):
            return "advisor"
        if username and password and self.accounts is not None:
            record = read_accounts(self.accounts).get(username)
            if record is not None and check_password(record, password):
                return username
        return None

    def start(self, name: str, address: str) -> tuple[str, Advisor]:
        """A new sign-in for `name`: the cookie's value, and the advisor it names."""
        secret = secrets.token_urlsafe(32)
        created = datetime.now(UTC)
        record = AdvisorSignIn(
            id=_sign_in_id(secret), name=name, csrf=secrets.token_urlsafe(24), address=address[:64],
            created_at=_stamp(created), expires_at=_stamp(created + timedelta(seconds=MAX_AGE_SECONDS)), ended_at=None,
        )  # fmt: skip
        self.store.add_advisor_sign_in(record)
        return self.serializer.dumps({"sid": secret}), Advisor(name, record.csrf, record.id)

    def read(self, value: str) -> Advisor:
        """The advisor a cookie names; raises SignatureExpired, SignInEnded or BadSignature."""
        data = self.serializer.loads(value, max_age=MAX_AGE_SECONDS)
        if not isinstance(data, dict) or not isinstance(data.get("sid"), str):
            raise BadSignature("malformed advisor cookie")
        record = self.store.advisor_sign_in(_sign_in_id(data["sid"]))
        if record is None:
            raise BadSignature("no such advisor sign-in")
        if record.ended_at is not None:
            raise SignInEnded("this advisor sign-in has ended")
        if record.expires_at <= _stamp(datetime.now(UTC)):
            raise SignatureExpired("this advisor sign-in has expired")
        return Advisor(record.name, record.csrf, record.id)

    def end(self, sign_in_id: str) -> bool:
        return self.store.end_advisor_sign_in(sign_in_id)


def _digest(who: str) -> str:
    return hashlib.blake2b(who.encode(), digest_size=12).hexdigest()


def _sign_in_id(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


__all__ = ["COOKIE", "Advisor", "AdvisorGate", "BadSignature", "SignInEnded", "SignInThrottle", "SignatureExpired", "add_account", "check_password", "hash_password"]
