"""The `circuitgrad` command: serve, eval (a table or JSON) and code; errors with a caret, non-zero exit."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from circuitgrad.app import cli
from circuitgrad.app.examples import NOTES_STAGED_PROGRAM

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def table_rows(out: str) -> dict[str, list[str]]:
    rows = {}
    for line in out.splitlines()[2:]:
        if not line.strip():
            break
        rows[cells(line)[1]] = cells(line)
    return rows


def test_eval_prints_every_wire_with_its_value_and_gradient(capsys):
    status, out, _ = run(capsys, "eval", "(x+y)*z", "x=-2", "y=5", "z=-4")
    assert status == 0
    rows = table_rows(out)
    assert rows["x"][3:5] == ["-2", "-4"]
    assert rows["y"][3:5] == ["5", "-4"]
    assert rows["z"][3:5] == ["-4", "3"]
    assert len(rows) == 5
    assert out.rstrip().endswith("f = -12")


def test_eval_marks_the_output_wire(capsys):
    _, out, _ = run(capsys, "eval", "(x+y)*z", "x=-2", "y=5", "z=-4")
    (marked,) = [line for line in out.splitlines() if "output" in line and "←" in line]
    assert cells(marked)[3:] == ["-12", "1", "← output"]


def test_eval_prints_fixed_decimals_on_request(capsys):
    _, out, _ = run(capsys, "eval", "x*y", "x=3", "y=-4", "--prec", "2")
    assert table_rows(out)["x"][3:5] == ["3.00", "-4.00"]


def test_eval_json_prints_the_api_shape(capsys):
    status, out, _ = run(capsys, "eval", "(x+y)*z", "x=-2", "y=5", "z=-4", "--json")
    graph = json.loads(out)
    assert status == 0
    assert graph["value"] == -12.0
    assert graph["gradients"] == {"x": -4.0, "y": -4.0, "z": 3.0}


def test_eval_runs_the_notes_staged_program_with_its_literal_values(capsys):
    status, out, _ = run(capsys, "eval", NOTES_STAGED_PROGRAM, "--json")
    assert status == 0
    assert set(json.loads(out)["gradients"]) == {"x", "y"}


def test_eval_reads_the_program_from_standard_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a = 2\nf = a * b\n"))
    status, out, _ = run(capsys, "eval", "-", "b=5", "--json")
    assert status == 0
    assert json.loads(out)["value"] == 10.0


def test_code_prints_the_staged_forward_and_backward_code(capsys):
    status, out, _ = run(capsys, "code", NOTES_STAGED_PROGRAM)
    assert status == 0
    forward, backward = out.split("# backward pass")
    assert "invden = 1.0 / den" in forward
    assert "dnum = invden" in backward


def test_a_syntax_error_prints_a_caret_under_the_column_and_exits_non_zero(capsys):
    status, out, err = run(capsys, "eval", "x = 1\ny = (x + 2", "x=1")
    assert status == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("error: ")
    source_line, caret_line = lines[-2], lines[-1]
    assert source_line.endswith("y = (x + 2")
    column = int(lines[1].rsplit("column ", 1)[1])
    assert caret_line.index("^") - caret_line.index("|") == source_line.index("y") - source_line.index(
        "|"
    ) + (column - 1)


def test_an_evaluation_error_exits_non_zero(capsys):
    status, _, err = run(capsys, "eval", "log(x)", "x=-1")
    assert status == 1
    assert "^" in err


def test_the_caret_lines_up_under_wide_characters():
    report = cli.caret_report("值 = (x +", "never closed", 1, 5)
    source, caret = report.splitlines()[-2:]
    assert caret.index("^") == source.index("(") + 1  # 值 is two columns wide


def test_a_malformed_assignment_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["eval", "x*y", "x=abc"])
    assert exit_info.value.code == 2
    assert "NAME=VALUE" in capsys.readouterr().err


@pytest.fixture
def served(monkeypatch):
    calls = {"run": [], "open": []}
    monkeypatch.setattr(cli, "run_uvicorn", lambda *args: calls["run"].append(args) or 0)
    monkeypatch.setattr(cli, "wait_then_open", lambda url, host, port: calls["open"].append(url))
    monkeypatch.setattr(cli.threading, "Thread", InlineThread)
    return calls


class InlineThread:
    """Runs the target when started, so the test sees the browser call at once."""

    def __init__(self, target, args=(), daemon=None):
        self.target, self.args = target, args

    def start(self):
        self.target(*self.args)


def test_no_command_serves_on_loopback_port_8000_and_opens_the_browser(served, capsys):
    assert cli.main([]) == 0
    ((host, port, workers, _, _),) = served["run"]
    assert (host, port, workers) == ("127.0.0.1", 8000, 1)
    assert served["open"] == ["http://127.0.0.1:8000/"]
    assert "http://127.0.0.1:8000/" in capsys.readouterr().out


def test_serve_takes_host_port_and_workers_and_can_skip_the_browser(served):
    cli.main(["serve", "--host", "0.0.0.0", "--port", "9123", "--workers", "3", "--no-browser"])
    ((host, port, workers, _, _),) = served["run"]
    assert (host, port, workers) == ("0.0.0.0", 9123, 3)
    assert served["open"] == []


def test_serve_options_work_without_the_serve_word(served):
    cli.main(["--port", "9124", "--no-browser"])
    assert served["run"][0][1] == 9124


def test_serve_hands_the_host_to_the_app_not_to_the_environment(served, monkeypatch):
    before = dict(cli.os.environ)
    cli.main(["serve", "--host", "0.0.0.0", "--no-browser"])
    assert served["run"][0][0] == "0.0.0.0"
    assert dict(cli.os.environ) == before


def test_the_served_app_knows_the_host_it_listens_on():
    from circuitgrad.app import server

    assert server.uvicorn_config("0.0.0.0", 8000, "warning").app.state.host == "0.0.0.0"


def test_workers_default_to_web_concurrency(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert cli.build_parser().parse_args(["serve"]).workers == 4


def test_zero_workers_is_a_usage_error(served):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--workers", "0"])
    assert served["run"] == []


def test_the_module_runs_as_a_program():
    result = subprocess.run(
        [sys.executable, "-m", "circuitgrad.app.cli", "eval", "x*y", "x=3", "y=-4", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["gradients"] == {"x": -4.0, "y": 3.0}


def test_public_url_is_handed_to_every_worker_through_the_environment(served, monkeypatch, capsys):
    monkeypatch.setenv("CIRCUITGRAD_PUBLIC_URL", "")  # recorded, so the test leaves the environment as it was
    cli.main(["serve", "--public-url", "https://class.example.org/", "--no-browser"])
    assert cli.os.environ["CIRCUITGRAD_PUBLIC_URL"] == "https://class.example.org"
    assert "Phones join at https://class.example.org/" in capsys.readouterr().out


def test_a_malformed_public_url_is_a_usage_error(served, monkeypatch, capsys):
    monkeypatch.setenv("CIRCUITGRAD_PUBLIC_URL", "class.example.org")
    with pytest.raises(SystemExit):
        cli.main(["serve", "--no-browser"])
    assert served["run"] == []
    assert "CIRCUITGRAD_PUBLIC_URL" in capsys.readouterr().err


def test_serving_on_loopback_says_how_phones_in_the_room_can_join(served, monkeypatch, capsys):
    monkeypatch.setenv("CIRCUITGRAD_PUBLIC_URL", "")
    cli.main(["serve", "--no-browser"])
    assert "circuitgrad serve --host 0.0.0.0" in capsys.readouterr().out


STUDENT_BACKWARD = "x = -2; y = 5; z = -4\nq = x + y\nf = q * z\ndfdz = {dfdz}\ndfdq = z\n"


def test_eval_prints_the_backward_checks_and_exits_zero_when_all_are_right(capsys):
    status, out, _ = run(capsys, "eval", STUDENT_BACKWARD.format(dfdz="q"))
    assert status == 0
    assert "# backward lines: 2 of 2 right" in out
    assert "line 4, col 1  ✓ right: ∂f/∂z = 3" in out


def test_eval_exits_non_zero_when_a_backward_line_is_wrong(capsys):
    status, out, _ = run(capsys, "eval", STUDENT_BACKWARD.format(dfdz="z"))
    assert status == 1
    assert "line 4, col 1  ✗ mul swaps: ∂f/∂z = q · ∂f/∂f, you used z (expected 3, got -4)" in out


def test_eval_json_carries_the_checks_and_the_exit_status(capsys):
    status, out, _ = run(capsys, "eval", STUDENT_BACKWARD.format(dfdz="z"), "--json")
    assert status == 1
    assert [check["ok"] for check in json.loads(out)["checks"]] == [False, True]


def test_eval_prints_warnings(capsys):
    status, out, _ = run(capsys, "eval", "e^x")
    assert status == 0
    assert "# warnings\nline 1, col 1  `e` is a new input here" in out
