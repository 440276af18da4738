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
    except ValueError as exc:  # bad settings
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
    personas.set_defaults(handler=lambda _args: _usage(personas))

    score = sub.add_parser("score", help="score a transcript: the feedback report as JSON or Markdown")
    score.add_argument("transcript", help='transcript JSON: {"persona_id": ..., "turns": [{"role", "text"}, ...]}, or - for standard input')
    score.add_argument("--format", choices=["json", "markdown"], default="markdown", help="output format (default: markdown)")
    score.set_defaults(handler=_cmd_score)

    chat = sub.add_parser("chat", help="interview a persona in the terminal (offline engine)")
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
    serve.add_argument("--reload", action="store_true", help="restart when the code changes (development)")
    serve.set_defaults(handler=_cmd_serve)
    return parser


def _settings_epilog() -> str:
    lines = ["settings (environment variables):"]
    for name, default, help_text in Settings.documented():
        lines.append(f"  {name}  (default: {default or 'empty'})")
        lines.append(f"      {help_text}")
    return "\n".join(lines)


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
    from practice.personas import load_personas

    return load_personas(paths or [Settings.from_env().personas_dir])


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

    paths = args.paths or [Settings.from_env().personas_dir]
    for path in paths:
        if not path.exists():
            raise PracticeError(f"{path}: no such file or folder")
    report = _load(paths)
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

    from practice.engines.offline import OfflineEngine

    settings = Settings.from_env()
    host = args.host or settings.host
    port = args.port or settings.port
    shown = f"[{host}]" if ":" in host else host
    print(f"Practice is running at http://{shown}:{port}/ (engine: {OfflineEngine.name}; API docs at /docs)", flush=True)
    # A factory import string, so --reload can rebuild the app in a fresh process.
    uvicorn.run("practice.web.app:create_app", factory=True, host=host, port=port, reload=args.reload, log_level="info")
    return 0


def _cmd_chat(args: argparse.Namespace) -> int:
    from practice.engines.offline import OfflineEngine
    from practice.interview import Interview

    report = _load()
    persona = report.get(args.persona_id)
    interview = Interview(persona, OfflineEngine())
    print(f"{persona.name}, {persona.title} at {persona.organization} · about {persona.style.minutes} minutes")
    print("Type your questions; /quit to leave.\n")
    print(f"{persona.first_name}: {persona.greeting}\n")

    async def run() -> None:
        while not interview.finished:
            try:
                text = input("you: ").strip()
            except EOFError:
                break
            if not text:
                continue
            if text in ("/quit", "/exit", "/q"):
                break
            print(f"\n{persona.first_name}: ", end="", flush=True)
            async for chunk in interview.ask(text):
                print(chunk, end="", flush=True)
            print("\n")

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
