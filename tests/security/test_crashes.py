"""A crash is exit 2 with the file named, never exit 1 ("findings") or a clean-looking result; the
audit's known tracebacks are findings now; Ctrl-C exits 130."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, as_nobody, fairlint, write

PROMISE = "messages:\n  - id: hero\n    text: We deliver within 1 day, guaranteed.\n"


def no_traceback(ran) -> None:
    assert "Traceback" not in ran.both, ran.both


def test_a_json_integer_over_4300_digits_is_a_finding(tmp_path):
    write(tmp_path, {"c.json": '{"kind": "campaign", "id": "x", "n": ' + "1" * 5000 + "}\n"})
    ran = fairlint(["check", "c.json"], tmp_path)
    no_traceback(ran)
    assert ran.code != 0
    assert "c.json:1:1: FL001 [error] JSON value cannot be read: a number has more than 4,300 digits" in ran.out


def test_a_toml_integer_over_4300_digits_is_a_finding(tmp_path):
    write(tmp_path, {"c.toml": 'kind = "campaign"\nid = "x"\nn = ' + "1" * 5000 + "\n"})
    ran = fairlint(["check", "c.toml"], tmp_path)
    no_traceback(ran)
    assert ran.code != 0
    assert "c.toml:1:1: FL001 [error] TOML value cannot be read: a number has more than 4,300 digits" in ran.out


@pytest.mark.parametrize("command", [["check", "."], ["check", "c/a.yaml"], ["report", "."],
                                     ["report", "--format", "csv", "."]])
def test_links_that_cannot_be_paths_break_nothing_else(tmp_path, command):
    """A 5,000-character link (ENAMETOOLONG), a NUL byte and a symbolic link loop: each link is an FL003,
    and the campaign's other findings (FL302 here) are still reported."""
    long_name = "b" * 5000 + ".md"
    write(tmp_path, {"c/a.yaml": f'kind: campaign\nid: a\nprices: loop.csv\nscripts: ["x\\0y.md", {long_name}]\n'
                     + PROMISE})
    (tmp_path / "c" / "loop.csv").symlink_to("loop.csv")
    ran = fairlint(command, tmp_path)
    no_traceback(ran)
    # A walk meets the looping link as a file it cannot read: the result is incomplete (2). Named alone,
    # the campaign's link to it is an FL003 and nothing else was left unread (1).
    assert ran.code == (1 if command == ["check", "c/a.yaml"] else 2), ran.both
    assert "FL302" in ran.out
    assert ran.out.count("FL003") >= 2  # the NUL byte and the long name, whatever the loop gives
    assert "\x00" not in ran.out


def test_a_symlink_loop_as_a_link_with_diff(tmp_path):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, {"README.md": "x\n"})
    subprocess.run([*git, "add", "README.md"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    write(tmp_path, {"c/a.yaml": "kind: campaign\nid: a\nprices: loop.csv\n" + PROMISE})  # new: in the diff
    (tmp_path / "c" / "loop.csv").symlink_to("loop.csv")
    ran = fairlint(["check", "--diff", "HEAD", "."], tmp_path)
    no_traceback(ran)
    assert ran.code == 2 and "c/a.yaml:6:22: FL302" in ran.out, ran.both  # the loop itself cannot be read


def test_a_named_file_inside_a_folder_that_cannot_be_entered(shared_folder):
    write(shared_folder, {"locked/a.yaml": "kind: campaign\nid: a\n", "open.yaml": "kind: campaign\nid: b\n" + PROMISE})
    (shared_folder / "locked").chmod(0)
    ran = as_nobody(["check", "locked/a.yaml", "open.yaml"], shared_folder)
    no_traceback(ran)
    assert "locked/a.yaml:1:1: FL001 [error] cannot read the file: Permission denied" in ran.out, ran.both
    assert "open.yaml:5:22: FL302" in ran.out
    assert ran.code != 0


def test_a_crash_in_a_loader_is_exit_2_with_the_file_named(tmp_path, monkeypatch):
    from helpers import cli

    import fairlint.load as load

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(load, "read_script", broken)
    write(tmp_path, {"script.md": "Rep: Hello\nCustomer: Hi\n"})
    result = cli(["check", "script.md"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "No findings" not in result.stdout
    assert "Incomplete: 1 internal error" in result.stdout
    assert "script.md: internal error while reading it (ZeroDivisionError: a bug); the file was NOT checked" \
        in result.stderr


def test_a_crash_in_a_rule_is_exit_2_and_never_a_clean_result(tmp_path, monkeypatch):
    from helpers import cli

    from fairlint.rules import all_rules
    from fairlint.rules import fl302_unbacked_promise as rule

    def broken(project, options):
        for campaign in project.campaigns:
            raise KeyError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(rule, "check", broken)
    all_rules.cache_clear()  # the rules are read once per process
    try:
        write(tmp_path, {"a.yaml": "kind: campaign\nid: a\n" + PROMISE})
        for fmt in ("text", "json", "github"):
            result = cli(["check", "--format", fmt, "a.yaml"], cwd=tmp_path)
            assert result.exit_code == 2, (fmt, result.output)
            assert "No findings" not in result.stdout
            assert "internal error in FL302 while checking a.yaml:1 (KeyError: 'boom')" in result.stderr
    finally:
        monkeypatch.undo()
        all_rules.cache_clear()


def test_an_unexpected_error_anywhere_is_exit_2_without_a_traceback(tmp_path, monkeypatch):
    from helpers import cli

    import fairlint.engine as engine

    def broken(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(engine, "run", broken)
    monkeypatch.delenv("FAIRLINT_DEBUG", raising=False)
    result = cli(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "fairlint: internal error (RuntimeError: unexpected)" in result.stderr


def test_sigint_exits_130(tmp_path):
    rows = "".join(f"S{i % 500},{10 + i % 7}.00,2027-01-{1 + i % 28:02d},2027-01-{1 + i % 28:02d}\n"
                   for i in range(400_000))
    write(tmp_path, {"big.csv": "sku,price,start,end\n" + rows})
    process = subprocess.Popen([sys.executable, "-m", "fairlint", "check", "-q", "big.csv"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.0)  # imports done, reading the schedule
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    if process.returncode == 0 and b"No findings" in out:
        pytest.skip("the run finished before the signal arrived")
    assert process.returncode == 130, (out, err)
    assert b"Traceback" not in err


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "csv"])
def test_a_report_of_an_incomplete_run_says_so_and_exits_2(tmp_path, monkeypatch, fmt):
    from helpers import cli

    import fairlint.load as load

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(load, "read_script", broken)
    write(tmp_path, {"script.md": "Rep: Hello\nCustomer: Hi\n"})
    result = cli(["report", "--format", fmt, "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert "script.md: internal error while reading it (ZeroDivisionError: a bug)" in result.stderr
    if fmt == "json":
        errors = json.loads(result.stdout)["errors"]
        assert [e.split(" (")[0] for e in errors] == ["script.md: internal error while reading it"]
    elif fmt != "csv":  # a CSV report is rows of findings only: the exit code and standard error say it
        assert "Incomplete: 1 internal error stopped fairlint checking everything" in result.stdout


@pytest.mark.parametrize("lang, line, notice", [
    ("ru", "Результат неполный: fairlint проверил не всё из-за внутренних ошибок (1 внутренняя ошибка",
     "Отчёт неполный: fairlint проверил не всё из-за внутренних ошибок (1 внутренняя ошибка)"),
    ("zh", "结果不完整：1 个内部错误（详见标准错误输出）使 fairlint 没能检查全部内容", "报告不完整：1 个内部错误使 fairlint 没能检查全部内容"),
])
def test_an_incomplete_run_says_so_in_the_readers_language(tmp_path, monkeypatch, lang, line, notice):
    from helpers import cli

    import fairlint.load as load

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(load, "read_script", broken)
    write(tmp_path, {"script.md": "Rep: Hello\nCustomer: Hi\n"})
    checked = cli(["check", "--lang", lang, "."], cwd=tmp_path)
    assert checked.exit_code == 2 and line in checked.stdout, checked.stdout
    reported = cli(["report", "--lang", lang, "."], cwd=tmp_path)
    assert reported.exit_code == 2 and notice in reported.stdout, reported.stdout
