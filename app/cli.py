"""The `circuitgrad` command: serve the app, or evaluate a program in the terminal."""

import argparse
import json
import math
import os
import socket
import sys
import threading
import time
import unicodedata
import webbrowser
from collections.abc import Sequence

from . import __version__
from .connections import ConnectionLimits
from .sharelink import PUBLIC_URL_VARIABLE, PublicUrlError, public_url

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOP_LEVEL_FLAGS = ("-h", "--help", "--version")


class UsageError(Exception):
    """A command-line mistake (reported like argparse's own, exit status 2)."""


def default_workers() -> int:
    try:
        return max(1, int(os.environ.get("WEB_CONCURRENCY", "1")))
    except ValueError:
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="circuitgrad",
        description="See the circuit of an expression and watch its gradient flow back through every gate.",
        epilog='Without a command, "circuitgrad" is "circuitgrad serve".',
    )
    parser.add_argument("--version", action="version", version=f"circuitgrad {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{serve,eval,code,export}")

    serve = commands.add_parser("serve", help="start the web app (default)")
    serve.add_argument("--host", default=DEFAULT_HOST, help="interface to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port (default: %(default)s)")
    serve.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="worker processes (default: $WEB_CONCURRENCY or 1; now %(default)s)",
    )
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    serve.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address phones reach this server at, for the QR code (behind a proxy or in a container; "
        f"default: ${PUBLIC_URL_VARIABLE}, else this machine's LAN address with --host 0.0.0.0)",
    )
    limits = ConnectionLimits()
    serve.add_argument(
        "--request-timeout",
        type=float,
        default=limits.request_timeout,
        metavar="SECONDS",
        help="close a connection whose request (headers, body) takes longer to arrive (default: %(default)s)",
    )
    serve.add_argument(
        "--keep-alive",
        type=float,
        default=limits.keep_alive,
        metavar="SECONDS",
        help="close an idle connection after this long (default: %(default)s)",
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        default=limits.max_connections,
        metavar="N",
        help="open connections per worker; more are closed at once (default: %(default)s)",
    )
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )

    for name, helptext in (
        ("eval", "print every wire's value and gradient"),
        ("code", "print the staged forward/backward Python"),
        ("export", "write one self-contained HTML file that plays the circuit offline"),
    ):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("program", help='an expression or a staged program ("-" reads standard input)')
        sub.add_argument("values", nargs="*", metavar="NAME=VALUE", help="input values, e.g. x=-2 y=5")
        sub.add_argument("--sigmoid", action="store_true", help="expand σ into its *-1, exp, +1, 1/x chain")
        if name == "eval":
            sub.add_argument("--json", action="store_true", help="print the full JSON of the circuit")
            sub.add_argument("--prec", type=int, default=None, help="decimals shown (default: 6 digits)")
        if name == "export":
            sub.add_argument(
                "-o", "--output", default="circuit.html", help="file to write (default: %(default)s)"
            )
            sub.add_argument("--lang", default="en", choices=["en", "zh-CN"], help="language of the page")
    return parser


def parse_assignments(items: Sequence[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for item in items:
        name, sep, number = item.partition("=")
        name = name.strip()
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not sep or not name.isidentifier() or not math.isfinite(value):
            raise UsageError(f"expected NAME=VALUE with a finite number, got {item!r}")
        values[name] = value
    return values


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def caret_report(source: str, message: str, line: int | None, column: int | None) -> str:
    """The message, then the culprit's line with a caret under its column."""
    lines = source.splitlines() or [""]
    if line is None or not 1 <= line <= len(lines):
        return f"error: {message}"
    text = lines[line - 1]
    column = max(1, min(column or 1, len(text) + 1))
    prefix = text[: column - 1]
    pad = "".join("\t" if ch == "\t" else " " * display_width(ch) for ch in prefix)
    return f"error: {message}\n  --> line {line}, column {column}\n   | {text}\n   | {pad}^"


def format_number(value, prec: int | None) -> str:
    """A number, or an array wire's nested list: in full when small, else by its shape (`5×10 array`)."""
    if isinstance(value, list):
        rows = value if value and isinstance(value[0], list) else [value]
        if len(rows) * len(rows[0]) > SHOWN_ELEMENTS:
            return f"{len(rows)}×{len(rows[0])} array" if rows is value else f"({len(value)},) array"
        return "[" + "; ".join(" ".join(_number(v, prec) for v in row) for row in rows) + "]"
    return _number(value, prec)


def _number(value: float, prec: int | None) -> str:
    return f"{value:.{prec}f}" if prec is not None else f"{value:.6g}"


SHOWN_ELEMENTS = 6  # an array wire with more numbers than this is shown by its shape


def wire_rows(graph: dict, prec: int | None) -> list[tuple[str, ...]]:
    """One row per node: the wire leaving it, with its value and total gradient."""
    forward = {line.get("node"): line["text"] for line in graph["code"]["forward"]}
    rows = []
    for node in graph["nodes"]:
        wire = node["name"] or forward.get(node["id"]) or node["label"]
        gate = node["label"] if node["kind"] == "gate" else node["kind"]
        value, gradient = format_number(node["value"], prec), format_number(node["gradient"], prec)
        note = "← output" if node["id"] == graph["output"] else ""
        rows.append((str(node["id"]), wire, gate, value, gradient, note))
    return rows


TABLE_HEADER = ("#", "wire", "gate", "value", "gradient", "")
RIGHT_ALIGNED = {0, 3, 4}


def format_table(rows: list[tuple[str, ...]], header: tuple[str, ...] = TABLE_HEADER) -> str:
    table = [header, *rows]
    widths = [max(display_width(row[i]) for row in table) for i in range(len(header))]

    def cell(i: int, text: str) -> str:
        fill = " " * (widths[i] - display_width(text))
        return fill + text if i in RIGHT_ALIGNED else text + fill

    lines = ["  ".join(cell(i, text) for i, text in enumerate(row)).rstrip() for row in table]
    # The note column has no heading, so it gets no rule either.
    lines.insert(1, "  ".join("-" * w if header[i] else "" for i, w in enumerate(widths)).rstrip())
    return "\n".join(lines)


def run_eval(args: argparse.Namespace, source: str) -> tuple[str, bool]:
    """The report, and whether every backward line of the program is right."""
    from ..engine import evaluate

    graph = evaluate(source, parse_assignments(args.values), expand_sigmoid=args.sigmoid).to_dict()
    all_right = all(check["ok"] for check in graph["checks"])
    if args.json:
        return json.dumps(graph, ensure_ascii=False, indent=2), all_right
    parts = [format_table(wire_rows(graph, args.prec)), f"f = {format_number(graph['value'], args.prec)}"]
    parts += [report_lines("backward lines", graph["checks"]), report_lines("warnings", graph["warnings"])]
    return "\n\n".join(part for part in parts if part), all_right


def report_lines(title: str, items: list[dict]) -> str:
    """Checks or warnings, one per line with its place: `line 9, col 1  ✓ right: ∂f/∂z = 3`."""
    if not items:
        return ""
    right = sum(1 for item in items if item.get("ok"))
    heading = f"# {title}" + (f": {right} of {len(items)} right" if "ok" in items[0] else "")
    rows = [heading]
    for item in items:
        mark = "" if "ok" not in item else ("✓ " if item["ok"] else "✗ ")
        rows.append(f"line {item['line']}, col {item['column']}  {mark}{item['message']}")
    return "\n".join(rows)


def run_code(args: argparse.Namespace, source: str) -> str:
    from ..engine import evaluate

    code = evaluate(source, parse_assignments(args.values), expand_sigmoid=args.sigmoid).code
    forward = [line["text"] for line in code["forward"]]
    backward = [line["text"] for line in code["backward"]]
    return "\n".join(["# forward pass", *forward, "", "# backward pass", *backward])


def wait_then_open(url: str, host: str, port: int, timeout: float = 15.0) -> None:
    """Open the browser once the server accepts connections (so the first load never fails)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.2)


def run_uvicorn(host: str, port: int, workers: int, log_level: str, limits: ConnectionLimits) -> int:
    from .server import run

    return run(host, port, workers, log_level, limits)


def serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if not (args.request_timeout > 0 and args.keep_alive > 0 and args.max_connections > 0):
        raise UsageError("--request-timeout, --keep-alive and --max-connections must be positive")
    limits = ConnectionLimits(args.request_timeout, args.keep_alive, args.max_connections)
    try:
        public = public_url(args.public_url)  # the option, else the environment variable
    except PublicUrlError as exc:
        raise UsageError(f"--public-url / ${PUBLIC_URL_VARIABLE}: {exc}") from None
    if public:
        os.environ[PUBLIC_URL_VARIABLE] = public  # every worker process reads it from here
    local = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    url = f"http://{local}:{args.port}/"
    print(f"circuitgrad {__version__}: open {url}  (Ctrl+C stops)", flush=True)
    if public:
        print(f"Phones join at {public}/ (the QR code's address)", flush=True)
    elif local == args.host:
        room = "circuitgrad serve --host 0.0.0.0"
        print(f"Only this computer can open it; for phones in the room: {room}", flush=True)
    if not args.no_browser:
        threading.Thread(target=wait_then_open, args=(url, local, args.port), daemon=True).start()
    return run_uvicorn(args.host, args.port, args.workers, args.log_level, limits)


def run_export(args: argparse.Namespace, source: str) -> str:
    from ..export import export_html

    html = export_html(
        source, parse_assignments(args.values), path=args.output, lang=args.lang, expand_sigmoid=args.sigmoid
    )
    size = len(html.encode("utf-8")) / 1024
    return f"wrote {args.output} ({size:.0f} KB): open it in any browser, no server or network needed"


def run_program(args: argparse.Namespace) -> int:
    from ..engine import EngineError

    source = sys.stdin.read() if args.program == "-" else args.program
    try:
        if args.command == "eval":
            output, all_right = run_eval(args, source)
        else:
            output, all_right = (run_export if args.command == "export" else run_code)(args, source), True
    except EngineError as exc:
        print(caret_report(source, exc.message, exc.line, exc.column), file=sys.stderr)
        return 1
    print(output)
    return 0 if all_right else 1  # a wrong backward line fails, as a failing test would


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in TOP_LEVEL_FLAGS):
        argv.insert(0, "serve")  # `circuitgrad` and `circuitgrad --port 9000` both serve
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return serve(args) if args.command == "serve" else run_program(args)
    except UsageError as exc:
        parser.error(str(exc))


if __name__ == "__main__":
    sys.exit(main())
