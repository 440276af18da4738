"""The `practice` command: analyze questions, check personas, chat in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from practice import __version__
from practice.errors import PracticeError
from practice.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        code: int = args.handler(args)
        return code
    except PracticeError as exc:
        print(f"practice: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="practice",
        description="Rehearse informational interviews with AI-played professionals.",
    )
    parser.add_argument("--version", action="version", version=f"practice {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    analyze = sub.add_parser("analyze", help="code questions: one per line in, one JSON object per line out")
    analyze.add_argument("file", nargs="?", default="-", help="a text file with one question per line, or - for standard input")
    analyze.set_defaults(handler=_cmd_analyze)

    personas = sub.add_parser("personas", help="list or check persona files")
    psub = personas.add_subparsers(title="persona commands", metavar="ACTION")
    plist = psub.add_parser("list", help="list the personas that load")
    plist.set_defaults(handler=_cmd_personas_list)
    pcheck = psub.add_parser("check", help="validate persona files; exit 1 on errors")
    pcheck.add_argument("paths", nargs="*", type=Path, help="files or folders (default: PRACTICE_PERSONAS_DIR)")
    pcheck.set_defaults(handler=_cmd_personas_check)
    pnew = psub.add_parser("new", help="write the annotated template to PRACTICE_PERSONAS_DIR/ID.md")
    pnew.add_argument("persona_id", metavar="ID", help="the new persona's id: lower-case letters, digits and hyphens")
    pnew.set_defaults(handler=_cmd_personas_new)
    pexport = psub.add_parser("export", help="a persona as a Character Card V2 JSON file")
    pexport.add_argument("persona_id", metavar="ID")
    pexport.add_argument("--format", choices=["card-v2"], default="card-v2", help="export format (default: card-v2)")
    pexport.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    pexport.set_defaults(handler=_cmd_personas_export)
    pimport = psub.add_parser("import", help="a Character Card V2 JSON file -> PRACTICE_PERSONAS_DIR/<id>.md, after validation")
    pimport.add_argument("file", type=Path, help="the card's JSON file")
    pimport.add_argument("--force", action="store_true", help="replace a persona with the same id (its earlier version is kept)")
    pimport.set_defaults(handler=_cmd_personas_import)
    pprompt = psub.add_parser(
        "prompt", help="print what a model is told to play a persona: the system prompt for one question, after the greeting"
    )
    pprompt.add_argument("persona_id", metavar="ID")
    pprompt.add_argument(
        "--question", default="How did you get started in this field?", help="the student's question (default: %(default)s)"
    )
    pprompt.set_defaults(handler=_cmd_personas_prompt)
    personas.set_defaults(handler=lambda _args: _usage(personas))

    advisors = sub.add_parser("advisors", help="manage advisor accounts for the persona studio")
    asub = advisors.add_subparsers(title="advisor commands", metavar="ACTION")
    aadd = asub.add_parser("add", help="add an advisor to PRACTICE_ADVISOR_ACCOUNTS (the password is asked for)")
    aadd.add_argument("username")
    aadd.add_argument("--accounts", type=Path, help="accounts file (default: PRACTICE_ADVISOR_ACCOUNTS)")
    aadd.set_defaults(handler=_cmd_advisors_add)
    advisors.set_defaults(handler=lambda _args: _usage(advisors))

    score = sub.add_parser("score", help="score a transcript: the feedback report as JSON or Markdown")
    score.add_argument("transcript", help='transcript JSON: {"persona_id": ..., "turns": [{"role", "text"}, ...]}, or - for standard input')
    score.add_argument("--format", choices=["json", "markdown"], default="markdown", help="output format (default: markdown)")
    score.set_defaults(handler=_cmd_score)

    chat = sub.add_parser("chat", help="interview a persona in the terminal (the model in PRACTICE_MODEL, else offline)")
    chat.add_argument("persona_id", help="the persona's id, as `practice personas list` shows")
    chat.set_defaults(handler=_cmd_chat)

    serve = sub.add_parser(
        "serve",
        help="run the web app (gallery, interview room, JSON API at /docs)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_settings_epilog(),
    )
    serve.add_argument("--host", help="address to listen on (default: PRACTICE_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default: PRACTICE_PORT)")
    serve.add_argument("--reload", action="store_true", help="restart when the code changes (development; one process)")
    serve.add_argument(
        "--workers", type=_positive, metavar="N", help="run N processes, sharing the database and the persona folder (default: PRACTICE_WORKERS)"
    )
    serve.set_defaults(handler=_cmd_serve)

    doctor = sub.add_parser("doctor", help="check the model settings (PRACTICE_MODEL and friends); exit 1 on problems")
    doctor.add_argument("--ping", action="store_true", help="also make one tiny call to the model and report its latency")
    doctor.set_defaults(handler=_cmd_doctor)
    return parser


def _settings_epilog() -> str:
    lines = ["settings (environment variables):"]
    for name, default, help_text in Settings.documented():
        lines.append(f"  {name}  (default: {default or 'empty'})")
        lines.append(f"      {help_text}")
    return "\n".join(lines)


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _cmd_analyze(args: argparse.Namespace) -> int:
    from practice.questions import analyze

    source: TextIO
    if args.file == "-":
        source = sys.stdin
    else:
        try:
            source = open(args.file, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise PracticeError(f"cannot read {args.file}: {exc.strerror}") from None
    with source:
        for line in source:
            text = line.strip()
            if not text:
                continue
            print(json.dumps(analyze(text).to_dict(), ensure_ascii=False))
    return 0


def _load(paths: list[Path] | None = None):  # type: ignore[no-untyped-def]
    """The given files or folders; by default the gallery's personas (shipped, then PRACTICE_PERSONAS_DIR)."""
    from practice.personas import load_gallery, load_personas

    if paths:
        return load_personas(paths)
    return load_gallery(Settings.from_env().persona_folders())


def _cmd_personas_list(args: argparse.Namespace) -> int:
    report = _load()
    for persona in report.personas.values():
        print(f"{persona.id:22} {persona.name} · {persona.title}, {persona.organization} ({persona.style.talkativeness}, {persona.style.minutes} min)")
    for problems in report.errors.values():
        for problem in problems:
            print(f"skipped: {problem}", file=sys.stderr)
    return 0


def _cmd_personas_check(args: argparse.Namespace) -> int:
    from practice.personas import persona_files, warnings_for

    paths = args.paths or [p for p in Settings.from_env().persona_folders() if p.exists()]
    for path in paths:
        if not path.exists():
            raise PracticeError(f"{path}: no such file or folder")
    report = _load(paths) if args.paths else _load()
    errors = sum(len(p) for p in report.errors.values())
    warnings = 0
    for problems in report.errors.values():
        for problem in problems:
            print(f"error: {problem}")
    for path in persona_files(paths):
        persona = report.personas.get(path.stem)
        if persona is None or str(path) in report.errors:
            continue
        for warning in warnings_for(persona, str(path)):
            warnings += 1
            print(f"warning: {warning}")
    print(f"{len(report.personas)} persona(s) loaded, {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _cmd_personas_new(args: argparse.Namespace) -> int:
    from practice.studio.notes import template_file
    from practice.studio.publish import atomic_write, persona_path

    path = persona_path(Settings.from_env().personas_dir, args.persona_id)
    if path.exists():
        raise PracticeError(f"{path} already exists; edit it, or choose another id")
    if args.persona_id in _load().personas:
        raise PracticeError(f"a persona with the id {args.persona_id!r} ships with Practice; choose another id")
    atomic_write(path, template_file(persona_id=args.persona_id))
    print(f"wrote {path}: replace every example, then run `practice personas check {path}`")
    return 0


def _cmd_personas_export(args: argparse.Namespace) -> int:
    from practice.studio.cards import to_card

    text = json.dumps(to_card(_load().get(args.persona_id)), ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PracticeError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _cmd_personas_prompt(args: argparse.Namespace) -> int:
    from practice.interview import prepare
    from practice.prompts import system_prompt
    from practice.transcript import Turn

    persona = _load().get(args.persona_id)
    question = args.question.strip()
    if not question:
        raise PracticeError("--question is empty; give the student's question")
    sys.stdout.write(system_prompt(prepare(persona, [Turn(role="persona", text=persona.greeting)], question)))
    return 0


def _cmd_personas_import(args: argparse.Namespace) -> int:
    from practice.personas import warnings_for
    from practice.studio.cards import from_card
    from practice.studio.publish import persona_path, publish

    try:
        card = json.loads(args.file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PracticeError(f"cannot read {args.file}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise PracticeError(f"{args.file}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    imported = from_card(card)
    folder = Settings.from_env().personas_dir
    path = persona_path(folder, imported.persona.id)
    if path.exists() and not args.force:
        raise PracticeError(f"{path} already exists; pass --force to replace it (the current file is kept in the history)")
    if not path.exists() and imported.persona.id in _load().personas and not args.force:
        raise PracticeError(f"a persona with the id {imported.persona.id!r} ships with Practice; pass --force to replace it in the gallery")
    publish(folder, imported.persona, editing=imported.persona.id if args.force else None)
    for warning in imported.warnings + warnings_for(imported.persona, str(path)):
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {path}" + ("" if imported.exact else " (a draft from a card not made by Practice: finish it before students see it)"))
    return 0


def _cmd_advisors_add(args: argparse.Namespace) -> int:
    import getpass

    from practice.studio.auth import add_account

    accounts = args.accounts or Settings.from_env().advisor_accounts
    if accounts is None:
        raise PracticeError("no accounts file: set PRACTICE_ADVISOR_ACCOUNTS or pass --accounts FILE")
    password = getpass.getpass(f"Password for {args.username}: ")
    if getpass.getpass("Again: ") != password:
        raise PracticeError("the two passwords differ; nothing was written")
    add_account(accounts, args.username, password)
    print(f"added {args.username} to {accounts}")
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from practice.scoring import parse_transcript, score, to_markdown

    try:
        raw = sys.stdin.read() if args.transcript == "-" else Path(args.transcript).read_text(encoding="utf-8")
    except OSError as exc:
        raise PracticeError(f"cannot read {args.transcript}: {exc.strerror}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise PracticeError(f"{args.transcript}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    persona_id, turns = parse_transcript(data)
    report = score(_load().get(persona_id), turns)
    if args.format == "json":
        print(report.model_dump_json(indent=2))
    else:
        print(to_markdown(report), end="")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from practice.store import Store
    from practice.web.students import secret_key

    settings = Settings.from_env()
    engine = _checked_engine(settings)
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    if args.reload and workers > 1:
        raise PracticeError("--reload runs one process; leave out --workers (and PRACTICE_WORKERS) to use it")
    # Once, before any worker starts: the schema up to date and the cookie secret made, so the
    # workers (which each build the app) find both ready and sign cookies alike.
    Store.open(settings).close()
    secret_key(settings)
    shown = f"[{host}]" if ":" in host else host
    processes = f"; {workers} workers" if workers > 1 else ""
    print(f"Practice is running at http://{shown}:{port}/ (engine: {engine}{processes}; API docs at /docs)", flush=True)
    # A factory import string: --reload and --workers build the app in fresh processes.
    uvicorn.run(
        "practice.web.app:create_app", factory=True, host=host, port=port, reload=args.reload, workers=workers, log_level="info",
        # uvicorn would believe X-Forwarded-For from 127.0.0.1; the app believes it only from
        # PRACTICE_TRUSTED_PROXIES (practice.web.guards.ClientAddress).
        proxy_headers=False,
    )
    return 0


def _checked_engine(settings: Settings) -> str:
    """The engine `serve` will use, after checking a configured model; unusable settings stop it."""
    if not settings.model.strip():
        return "offline"
    from practice.engines.llm import check_configuration

    findings = check_configuration(settings)
    for finding in findings:
        if finding.level != "ok" and not finding.fatal:
            print(f"practice: warning: {finding.message}", file=sys.stderr)
    fatal = [f.message for f in findings if f.fatal]
    if fatal:
        raise PracticeError(f"cannot use PRACTICE_MODEL: {fatal[0]}")
    fallbacks = f", falling back to {', '.join(settings.fallback_models)}" if settings.fallback_models else ""
    return f"llm, model {settings.model.strip()}{fallbacks}"


def _cmd_doctor(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not settings.model.strip():
        print("engine: offline (set PRACTICE_MODEL to have a model play the personas)")
        if args.ping:
            print("ping: nothing to ping; the offline engine needs no network")
        return 0
    from practice.engines.llm import ModelError, check_configuration, ping

    print(f"engine: llm, model {settings.model.strip()}")
    findings = check_configuration(settings)
    for finding in findings:
        print(f"{finding.level}: {finding.message}")
    problems = any(f.level == "error" for f in findings)
    if args.ping and not any(f.fatal for f in findings):
        try:
            answer = asyncio.run(ping(settings))
        except ModelError as exc:
            print(f"error: ping failed: {exc}")
            problems = True
        else:
            usage = answer.usage
            counted = "" if usage is None or usage.estimated else f", {usage.tokens_in} prompt tokens"
            print(f"ping: {settings.model.strip()} answered in {answer.seconds * 1000:.0f} ms{counted}: {answer.said!r}")
            if answer.instructions_dropped:
                where = "PRACTICE_INSTRUCTIONS=user" if settings.instructions.strip().lower() != "user" else "a chat template that keeps them"
                print(
                    f"warning: the server counted {usage.tokens_in if usage else 0} prompt tokens, but the instructions alone are "
                    f"about {answer.instructions_tokens}: its chat template drops them (no system role?); try {where}"
                )
    return 1 if problems else 0


def _cmd_chat(args: argparse.Namespace) -> int:
    from practice.engines.select import engine_for
    from practice.interview import Interview
    from practice.plaintext import printable  # a model's reply (or a pasted question) may carry terminal escape codes

    report = _load()
    persona = report.get(args.persona_id)
    interview = Interview(persona, engine_for(Settings.from_env()))
    print(f"{persona.name}, {persona.title} at {persona.organization} · about {persona.style.minutes} minutes")
    print("Type your questions; /quit to leave.\n")
    print(f"{persona.first_name}: {persona.greeting}\n")

    async def run() -> None:
        while not interview.finished:
            try:
                text = printable(input("you: ")).strip()
            except EOFError:
                break
            if not text:
                continue
            if text in ("/quit", "/exit", "/q"):
                break
            print(f"\n{persona.first_name}: ", end="", flush=True)
            async for chunk in interview.ask(text):
                print(printable(chunk), end="", flush=True)
            print("\n")
            if interview.notice:
                print(f"({interview.notice})\n")

    asyncio.run(run())
    questions = [t for t in interview.turns if t.role == "student" and t.analysis and t.analysis.form != "not_a_question"]
    if questions:
        print("Your questions:")
        for turn in questions:
            a = turn.analysis
            assert a is not None
            topics = ", ".join(turn.topics) or "no topic"
            print(f"  [{a.form}] {topics}{' · follow-up' if a.follow_up else ''}: {turn.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
