"""Generated README sections: replaced between markers only, checked, and
written atomically."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backprop import files, readme

ROOT = Path(__file__).resolve().parent.parent
DOC = "intro\n<!-- BEGIN t -->\nold\n<!-- END t -->\noutro\n"


def test_only_the_section_body_changes():
    assert readme.replace_sections(DOC, {"t": "new\n"}) == \
        "intro\n<!-- BEGIN t -->\nnew\n<!-- END t -->\noutro\n"


@pytest.mark.parametrize("text", ["no markers\n", DOC + DOC])
def test_missing_or_repeated_markers_are_an_error(text):
    with pytest.raises(readme.ReadmeError):
        readme.replace_sections(text, {"t": "new"})


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "README.md"
    target.write_text(DOC)

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        files.write_atomic(target, b"half")
    assert target.read_text() == DOC
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("script", ["convergence_test.py", "analyze_convergence.py"])
def test_a_readme_without_markers_is_left_untouched(tmp_path, script):
    target = tmp_path / "README.md"
    target.write_text("# A README without markers\n")
    result = run(script, "--readme", str(target))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "error: expected one" in result.stderr
    assert target.read_text() == "# A README without markers\n"


@pytest.mark.parametrize("script, generated_text", [
    ("convergence_test.py", "#### Error progression"),
    ("analyze_convergence.py", "Final weights after"),
])
def test_check_reports_a_stale_readme_and_a_run_mends_it(tmp_path, script, generated_text):
    current = (ROOT / "README.md").read_text()
    assert run(script, "--check").returncode == 0, "the committed README is stale"
    stale = current.replace(generated_text, "hand-edited", 1)
    assert stale != current
    target = tmp_path / "README.md"
    target.write_text(stale)
    result = run(script, "--check", "--readme", str(target))
    assert result.returncode == 1 and "is stale" in result.stdout and "+++" in result.stdout
    assert target.read_text() == stale
    assert run(script, "--readme", str(target)).returncode == 0
    assert run(script, "--check", "--readme", str(target)).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
