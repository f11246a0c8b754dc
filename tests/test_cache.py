"""What fairlint keeps between runs (``fairlint.cache``) never changes a result, and is never an error."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from fairlint import cache
from fairlint.lexicon import loading
from helpers import ROOT

PATTERNS = [
    (r"(?P<word>\w+)\s+(?P=word)", 0),
    (r"(?<![\w.,])(?:\$|€)\s?\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d{1,2})?", re.IGNORECASE),
    (r"^(?:скидк[аиу]|折扣|छुट)$", re.IGNORECASE | re.MULTILINE),
    (r"[\u3040-\u30ff\U00020000-\U0003134f]+", 0),
]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty cache folder, and no patterns loaded in this process yet."""
    monkeypatch.setenv("FAIRLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FAIRLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_patterns", None)
    monkeypatch.setattr(cache, "_used", set())
    monkeypatch.setattr(cache, "_changed", False)
    monkeypatch.setattr(cache, "_generated", None)
    monkeypatch.setattr(cache, "_generated_used", set())
    monkeypatch.setattr(cache, "_generated_changed", False)
    return tmp_path / "cache"


def _reload_patterns(monkeypatch):
    """As a new run would: the patterns known to this process forgotten, the file read again."""
    monkeypatch.setattr(cache, "_patterns", None)
    monkeypatch.setattr(cache, "_used", set())


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_a_kept_pattern_is_the_pattern_re_compiles(folder, monkeypatch, pattern, flags):
    fresh = cache.regex(pattern, flags)
    cache.save()
    assert list(folder.iterdir()), "the pattern was not kept"
    _reload_patterns(monkeypatch)
    kept = cache.regex(pattern, flags)
    assert cache._used == {(pattern, int(flags))} and not cache._changed  # read from the file, not compiled
    # Pattern equality compares the pattern, the flags and the compiled code itself
    assert fresh == kept == re.compile(pattern, flags)
    assert kept.groupindex == re.compile(pattern, flags).groupindex


def test_every_shipped_pattern_kept_is_the_one_re_compiles(folder, monkeypatch):
    """The phrase lists of every locale and the amount patterns, through the cache: what re.compile gives."""
    from fairlint.lexicon import Lexicon, LIST_NAMES, amounts

    lexicon = Lexicon(loading._shipped_locales())
    for locale in lexicon.locales:
        for name in LIST_NAMES:
            lexicon.pattern(locale, name)
    for make in (amounts._money, amounts._percent, amounts.saving_after, amounts.saving_before):
        make.cache_clear()
        make()
    cache.save()
    _reload_patterns(monkeypatch)
    loaded = cache._load_patterns()
    assert len(loaded) > 100
    for pattern, flags in loaded:
        assert cache.regex(pattern, flags) == re.compile(pattern, flags)


def test_a_damaged_or_foreign_cache_file_is_compiled_afresh(folder, monkeypatch):
    pattern, flags = PATTERNS[1]
    cache.regex(pattern, flags)
    cache.save()
    kept_file = next(folder.iterdir())
    for damage in (b"", b"\x00garbage", kept_file.read_bytes()[:100]):
        kept_file.write_bytes(damage)
        _reload_patterns(monkeypatch)
        assert cache.regex(pattern, flags) == re.compile(pattern, flags)
    # a file whose code is wrong (another Python's, or tampered with): _sre rejects it, compiled afresh
    _reload_patterns(monkeypatch)
    cache._patterns = {(pattern, flags): (flags, b"\xff\xff\xff\x7f" * 8, 0, {}, (None,))}
    assert cache.regex(pattern, flags) == re.compile(pattern, flags)


def test_an_invalid_pattern_raises_as_re_compile_does(folder):
    with pytest.raises(re.error):
        cache.regex(r"(unclosed", 0)


def test_the_shipped_lexicon_is_read_again_when_a_locale_file_changes(folder, tmp_path, monkeypatch):
    package = tmp_path / "package"
    package.mkdir()
    for path in loading.PACKAGE_DIR.glob("*.yaml"):
        (package / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(loading, "PACKAGE_DIR", package)
    first = loading._shipped_locales()
    assert (folder / "lexicon.bin").is_file()
    assert loading._shipped_locales() == first
    english = package / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace("price_claims:\n", "price_claims:\n  - zzyzx deal\n", 1),
                       encoding="utf-8")
    os.utime(english, ns=(english.stat().st_atime_ns, english.stat().st_mtime_ns + 1_000_000_000))
    assert "zzyzx deal" in loading._shipped_locales()["en"]["price_claims"]


def test_an_unwritable_or_disabled_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    campaign = ROOT / "fixtures/clean/campaigns/spring-2027.yaml"
    expected = None
    for env in ({"FAIRLINT_CACHE_DIR": str(blocker / "cache")}, {"FAIRLINT_NO_CACHE": "1"},
                {"FAIRLINT_CACHE_DIR": str(tmp_path / "fresh")}):
        process = subprocess.run([sys.executable, "-m", "fairlint", "check", "-q", str(campaign)], cwd=ROOT,
                                 capture_output=True, text=True, timeout=120, env={**os.environ, **env})
        assert process.returncode == 0 and process.stderr == "", process.stderr
        expected = expected or process.stdout
        assert process.stdout == expected
    assert not (tmp_path / "fresh").exists() or {p.name for p in (tmp_path / "fresh").iterdir()} <= {
        "lexicon.bin", cache._pattern_file(), cache._generated_file()}


def test_no_temporary_file_is_left_and_no_link_is_followed(folder, tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("keep me")
    folder.mkdir()
    (folder / cache._pattern_file()).symlink_to(target)
    cache.regex(*PATTERNS[0])
    cache.save()
    assert target.read_text() == "keep me"  # the link was replaced, not written through
    assert not (folder / cache._pattern_file()).is_symlink()
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


ATTRS_PROBE = """
import json, sys
from fairlint import cache
cache.keep_generated_code()
same = []
kept = cache._generated_code


def compared(script, filename, flags, attrs_file):
    code = kept(script, filename, flags, attrs_file)
    same.append(code == compile(script, filename, "exec", flags=flags, dont_inherit=True))
    return code


cache._generated_code = compared
import fairlint.engine, fairlint.output.text, fairlint.prices.evidence, fairlint.lexicon.moves
from fairlint.rules import all_rules
all_rules()
from fairlint.model import Location
from pathlib import Path
print(json.dumps({"classes": len(same), "same": all(same), "compiled": cache._generated_changed,
                  "hash_works": hash(Location(Path("a"), 1, 2)) == hash(Location(Path("a"), 1, 2))
                  and Location(Path("a"), 1, 2) == Location(Path("a"), 1, 2)}))
cache.save()
"""


def test_kept_class_code_is_the_code_attrs_compiles(tmp_path):
    """attrs' generated methods, kept between runs, are the very code attrs would compile, a ``__hash__``
    included although its number changes with each process's string hashing (PYTHONHASHSEED)."""
    import json

    runs = []
    for seed in ("1", "1", "2", "3"):
        env = {**os.environ, "FAIRLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONHASHSEED": seed}
        env.pop("FAIRLINT_NO_CACHE", None)
        process = subprocess.run([sys.executable, "-c", ATTRS_PROBE], cwd=ROOT, capture_output=True, text=True,
                                 timeout=120, env=env)
        assert process.returncode == 0, process.stderr
        runs.append(json.loads(process.stdout))
    assert runs[0]["compiled"] and not runs[1]["compiled"]  # then read from the cache
    assert all(run["same"] and run["hash_works"] and run["classes"] > 40 for run in runs), runs


def test_other_packages_classes_are_left_to_attrs(folder, monkeypatch):
    import attrs
    from attr import _make

    monkeypatch.setattr(_make, "_compile_and_eval", _make._compile_and_eval)  # undone after the test
    cache.keep_generated_code()
    assert getattr(_make._compile_and_eval, "fairlint_keeps", False)

    @attrs.frozen
    class Elsewhere:
        value: int

    assert Elsewhere(1) == Elsewhere(1) and hash(Elsewhere(1)) == hash(Elsewhere(1))
    assert cache._generated is None or not any("Elsewhere" in key[0] for key in cache._generated)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners and modes are POSIX")
def test_a_cache_file_others_may_write_is_ignored(folder, monkeypatch):
    pattern, flags = PATTERNS[0]
    cache.regex(pattern, flags)
    cache.save()
    kept_file = folder / cache._pattern_file()
    assert cache._read(kept_file.name, cache._ENGINE) is not None
    kept_file.chmod(0o666)
    assert cache._read(kept_file.name, cache._ENGINE) is None  # group or others could have changed it
    kept_file.chmod(0o600)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(kept_file).st_uid + 1)  # another user's file
    assert cache._read(kept_file.name, cache._ENGINE) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_or_link_in_place_of_a_cache_file_is_never_waited_on_or_followed(folder, tmp_path):
    folder.mkdir()
    os.mkfifo(folder / "lexicon.bin")
    assert cache._read("lexicon.bin", ()) is None  # returns at once: opened without blocking, not a regular file
    cache.regex(*PATTERNS[0])
    cache.save()
    kept_file = folder / cache._pattern_file()
    assert cache._read(kept_file.name, cache._ENGINE) is not None
    elsewhere = tmp_path / "elsewhere.bin"
    kept_file.rename(elsewhere)
    kept_file.symlink_to(elsewhere)  # a good cache file, but reached through a link
    assert cache._read(kept_file.name, cache._ENGINE) is None
