"""False alarms of the text rules on real text written by people, and one-file startup against yamllint.

    python benchmarks/realdata.py                 # counts per rule, and the one-file time ratio
    python benchmarks/realdata.py --show FL401    # also print each finding of FL401 with its text
    python benchmarks/realdata.py --keep /tmp/rd  # keep the converted files

The corpora in ``../shared/realdata`` (see its README; ``--data`` names another
folder) are converted into fairlint's formats in a scratch folder (nothing of
them is committed), then checked with ``python -m fairlint check --format json``:

| corpus | converted to | target |
|---|---|---|
| 500 CraigslistBargain dialogues (dev set, first 500) | one script each, `Seller:` / `Buyer:` | FL401 + FL405 at most 2 |
| 994 JD.com customer-service chats | one script each, `销售：` / `客户：`, `locale: zh` | FL401 + FL405 at most 5 |
| 4,827 UCI SMS ham messages | campaigns of 100 messages, one offer-less message each | FL301 at most 0.5% |

People chatting and bargaining are not running sales scripts, so every
finding here is a false alarm unless read otherwise (``--show``).

The one-file check: ``fairlint check`` of one small campaign YAML against
``yamllint`` of the same file (the one installed beside this Python, not a
version manager's shim), best of ``--repeat`` fresh processes each, the two
taking turns, as a ratio of wall-clock and of CPU time (target: at most 1.0).
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/realdata beside the checkout; a worktree one level deeper (/work/wt/x) finds it two up.
DATA = next(
    (p / "shared" / "realdata" for p in ROOT.parents if (p / "shared" / "realdata").is_dir()),
    ROOT.parent / "shared" / "realdata",
)
TARGETS = {
    "craigslist": ("FL401+FL405", 2),
    "jddc": ("FL401+FL405", 5),
    "sms": ("FL301 share", 0.005),
}


def yaml_text(text: str) -> str:
    return json.dumps(text)  # escaped: SMS text holds control characters YAML does not allow raw


def convert_craigslist(data: Path, out: Path, count: int = 500) -> dict[str, str]:
    dialogues = json.loads(gzip.open(data / "craigslistbargain-dev.json.gz").read())[:count]
    texts = {}
    for number, dialogue in enumerate(dialogues):
        roles = {i: kb["personal"]["Role"] for i, kb in enumerate(dialogue["scenario"]["kbs"])}
        lines = ["---", "kind: script", f"id: cl{number:03d}", "locale: en", "---"]
        for event in dialogue["events"]:
            if event["action"] != "message" or not isinstance(event["data"], str):
                continue
            text = " ".join(event["data"].split())
            if not text:
                continue
            label = "Seller" if roles.get(event["agent"]) == "seller" else "Buyer"
            lines.append(f"{label}: {text}")
        path = out / "craigslist" / f"cl{number:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts[str(path)] = "\n".join(lines)
    return texts


def convert_jddc(data: Path, out: Path) -> dict[str, str]:
    sessions: dict[str, list[str]] = collections.OrderedDict()
    with gzip.open(data / "jddc-chat-sample.tsv.gz", "rt", encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7:
                continue
            text = " ".join("\t".join(row[6:]).split())
            if text:
                label = "销售" if row[2] == "1" else "客户"
                sessions.setdefault(row[0], []).append(f"{label}：{text}")
    texts = {}
    for number, turns in enumerate(sessions.values()):
        lines = ["---", "kind: script", f"id: jd{number:03d}", "locale: zh", "---", *turns]
        path = out / "jddc" / f"jd{number:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts[str(path)] = "\n".join(lines)
    return texts


def convert_sms(data: Path, out: Path, per_campaign: int = 100) -> int:
    ham = []
    for line in (data / "SMSSpamCollection.tsv").read_text(encoding="utf-8", errors="replace").splitlines():
        label, _, text = line.partition("\t")
        if label == "ham" and text.strip():
            ham.append(text.strip())
    folder = out / "sms"
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(ham), per_campaign):
        lines = [
            "kind: campaign", f"id: sms{start:05d}", "locale: en", "starts: 2027-01-01", "ends: 2027-01-31",
            "messages:",
        ]
        for number, text in enumerate(ham[start:start + per_campaign], start=start):
            lines += [f"  - id: m{number:05d}", f"    text: {yaml_text(text)}"]
        (folder / f"sms{start:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(ham)


def run_fairlint(paths: list[Path], select: str) -> list[dict]:
    command = [sys.executable, "-m", "fairlint", "check", "-q", "--format", "json", "--select", select]
    result = subprocess.run(command + [str(p) for p in paths], capture_output=True, text=True, cwd=ROOT)
    if result.returncode not in (0, 1):
        sys.exit(f"fairlint failed ({result.returncode}): {result.stderr[-2000:]}")
    return json.loads(result.stdout or "[]")


def quote(path: str, line: int) -> str:
    try:
        return Path(path if Path(path).is_absolute() else ROOT / path).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError):
        return ""


def count(findings: list[dict], show: set[str], corpus: str) -> collections.Counter:
    counts = collections.Counter(f["code"] for f in findings)
    for finding in findings:
        if finding["code"] in show:
            print(f"  [{corpus}] {finding['code']} {Path(finding['path']).name}:{finding['line']}: "
                  f"{quote(finding['path'], finding['line'])[:160]}")
    return counts


def best_of(commands: dict[str, tuple[list[str], dict[str, str] | None]], repeat: int,
            cwd: Path) -> dict[str, tuple[float, float]]:
    """The best wall-clock and CPU (user + system) seconds of each command over ``repeat`` fresh
    processes, the commands taking turns so that a busy spell of the machine hits them alike."""
    best = {name: (float("inf"), float("inf")) for name in commands}
    for _ in range(repeat):
        for name, (command, env) in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, cwd=cwd, env=env)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def _yamllint() -> str | None:
    """yamllint as installed beside this interpreter, else the first on PATH. A version manager's
    shim on PATH (pyenv's is a shell script that starts pyenv first) would add its own start-up to
    yamllint's time: fairlint runs from ``sys.executable`` directly, so yamllint must too."""
    beside = Path(sys.executable).parent / "yamllint"
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else shutil.which("yamllint")


def one_file_ratio(scratch: Path, repeat: int) -> None:
    example = ROOT / "fixtures" / "example" / "campaigns" / "spring-2027.yaml"
    target = scratch / "one" / "campaign.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(example, target)
    # As installed (pip writes bytecode, as it did for yamllint): a PYTHONDONTWRITEBYTECODE in the
    # environment would otherwise make every run recompile fairlint's source, which no user pays.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    # as the pre-commit hook runs it (.pre-commit-hooks.yaml: "fairlint check --skip-other-files")
    fairlint = [sys.executable, "-m", "fairlint", "check", "--skip-other-files", str(target)]
    where = subprocess.run([sys.executable, "-c", "import fairlint; print(fairlint.__file__)"], capture_output=True,
                           text=True, cwd=ROOT, env=env).stdout.strip()
    print(f"one-file check of {target.name} with fairlint from {where}")
    yamllint_exe = _yamllint()
    if yamllint_exe is None:
        fairlint_time = best_of({"fairlint": (fairlint, env)}, repeat, ROOT)["fairlint"][0]
        print(f"one-file check: fairlint {fairlint_time:.3f} s (yamllint not installed: pip install -e '.[bench]')")
        return
    best = best_of({"fairlint": (fairlint, env), "yamllint": ([yamllint_exe, "-d", "relaxed", str(target)], None)},
                   repeat, ROOT)
    (wall, cpu), (wall_y, cpu_y) = best["fairlint"], best["yamllint"]
    print(f"one-file check: fairlint {wall:.3f} s, yamllint {wall_y:.3f} s, ratio {wall / wall_y:.2f} "
          f"(target <= 1.0); CPU time {cpu:.3f} s against {cpu_y:.3f} s, ratio {cpu / cpu_y:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--show", default="", help="comma-separated codes whose findings to print")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["craigslist", "jddc", "sms", "startup"])
    args = parser.parse_args()
    show = {c.strip() for c in args.show.split(",") if c.strip()}
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="fairlint-realdata-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        if args.only in (None, "craigslist"):
            convert_craigslist(args.data, scratch)
            counts = count(run_fairlint([scratch / "craigslist"], "FL4"), show, "craigslist")
            print(f"CraigslistBargain, 500 dialogues: {dict(sorted(counts.items()))}; "
                  f"FL401+FL405 = {counts['FL401'] + counts['FL405']} (target <= 2)")
        if args.only in (None, "jddc"):
            convert_jddc(args.data, scratch)
            counts = count(run_fairlint([scratch / "jddc"], "FL4"), show, "jddc")
            print(f"JD.com chats, 994 sessions: {dict(sorted(counts.items()))}; "
                  f"FL401+FL405 = {counts['FL401'] + counts['FL405']} (target <= 5)")
        if args.only in (None, "sms"):
            total = convert_sms(args.data, scratch)
            findings = run_fairlint([scratch / "sms"], "FL3")
            messages = [f for f in findings if f["code"] != "FL301" or "price-only messages out of" not in f["message"]]
            counts = count(messages, show, "sms")
            share = counts["FL301"] / total
            print(f"UCI SMS ham, {total} messages: {dict(sorted(counts.items()))}; "
                  f"FL301 = {counts['FL301']} ({share:.2%}, target <= 0.5%)")
        if args.only in (None, "startup"):
            one_file_ratio(scratch, args.repeat)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
