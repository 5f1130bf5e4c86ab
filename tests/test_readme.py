"""Generated README sections: replaced between markers only, checked, and
written atomically."""
import importlib
import os
import re
from pathlib import Path

import pytest

from backprop import files, readme
from commands import run

ROOT = Path(__file__).resolve().parent.parent
DOC = "intro\n<!-- BEGIN proof -->\nold\n<!-- END proof -->\noutro\n"


def test_only_the_section_body_changes():
    assert readme.replace_sections(DOC, {"proof": "new\n"}) == \
        "intro\n<!-- BEGIN proof -->\nnew\n<!-- END proof -->\noutro\n"


def test_crlf_line_endings_stay():
    crlf = DOC.replace("\n", "\r\n")
    assert readme.replace_sections(crlf, {"proof": "a\nb\n"}) == \
        "intro\r\n<!-- BEGIN proof -->\r\na\r\nb\r\n<!-- END proof -->\r\noutro\r\n"


B, E = "<!-- BEGIN {} -->", "<!-- END {} -->"
# Malformed markers, each with the line numbers its message names.
MALFORMED = {
    "missing": ("intro\n", "no section proof"),
    "unclosed": (f"{B.format('proof')}\nbody\n", "line 1: BEGIN proof is never ended"),
    "duplicated": (DOC + DOC, "line 7: a second BEGIN proof (the first is on line 2)"),
    "nested": (f"{B.format('proof')}\n{B.format('sweep')}\n{E.format('sweep')}\n"
               f"{E.format('proof')}\n", "line 2: BEGIN sweep inside section proof"),
    "crossed": (f"{B.format('proof')}\n{B.format('sweep')}\n{E.format('proof')}\n"
                f"{E.format('sweep')}\n", "line 2: BEGIN sweep inside section proof"),
    "END moved below the next BEGIN": (
        f"{B.format('sweep')}\nx\n{B.format('proof')}\n{E.format('sweep')}\ny\n"
        f"{E.format('proof')}\n", "line 3: BEGIN proof inside section sweep"),
    "swapped": (f"{E.format('proof')}\nbody\n{B.format('proof')}\n",
                "line 1: END proof without a BEGIN proof before it"),
    "END of another section": (f"{B.format('proof')}\n{E.format('sweep')}\n",
                               "line 2: END sweep where section proof (line 1) should end"),
    "unknown name": (f"{B.format('prof')}\n{E.format('prof')}\n",
                     "line 1: unknown section 'prof'"),
}


@pytest.mark.parametrize("text, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_markers_are_an_error_naming_the_lines(text, message):
    with pytest.raises(readme.ReadmeError, match=re.escape(message)):
        readme.replace_sections(text, {"proof": "new"})


@pytest.mark.parametrize("text, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_generator_writes_nothing_into_a_readme_with_malformed_markers(tmp_path, text,
                                                                          message):
    target = tmp_path / "README.md"
    target.write_text(text)
    result = run("prove.py", "--readme", str(target))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert target.read_text() == text


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


@pytest.mark.parametrize("script", ["convergence_test.py", "analyze_convergence.py"])
def test_a_readme_without_markers_is_left_untouched(tmp_path, script):
    target = tmp_path / "README.md"
    target.write_text("# A README without markers\n")
    result = run(script, "--readme", str(target))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "has no section" in result.stderr
    assert target.read_text() == "# A README without markers\n"


@pytest.mark.parametrize("script, generated_text", [
    ("convergence_test", "#### Error progression"),
    ("analyze_convergence", "Final weights after"),
])
def test_check_reports_a_stale_readme_and_a_run_mends_it(tmp_path, capsys, script,
                                                        generated_text):
    # in this process: its runs are trained once for the four commands
    main = importlib.import_module(script).main
    current = (ROOT / "README.md").read_text()
    assert main(["--check"]) == 0, "the committed README is stale"
    stale = current.replace(generated_text, "hand-edited", 1)
    assert stale != current
    target = tmp_path / "README.md"
    target.write_text(stale)
    capsys.readouterr()
    assert main(["--check", "--readme", str(target)]) == 1
    printed = capsys.readouterr().out
    assert "is stale" in printed and "+++" in printed
    assert target.read_text() == stale
    assert main(["--readme", str(target)]) == 0
    assert main(["--check", "--readme", str(target)]) == 0
    assert target.read_text() == current
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_make_says_which_parts_it_rewrote_and_which_were_current():
    import regenerate

    before = {("README.md sections", "match"): "a", ("README.md sections", "proof"): "b",
              ("figures", "x.png"): b"1"}
    after = {**before, ("README.md sections", "proof"): "c", ("figures", "x.png"): b"2"}
    assert regenerate.changes(before, after) == (
        "rewrote: README.md sections proof; figures x.png\n"
        "already current: README.md sections match")
    assert regenerate.changes(before, before) == (
        "rewrote: nothing\nalready current: README.md sections match, proof; figures x.png")
    # every part make writes: the sections but the benchmarks' (not make's), every figure
    assert set(regenerate.outputs()) == (
        {("README.md sections", name) for name in readme.SECTIONS if name not in readme.MEASURED}
        | {("figures", name) for names in files.FIGURES.values() for name in names}
        | {("docs", name) for name in files.PAGES})


def test_the_readme_states_the_bounds_the_code_applies():
    from backprop.example import MAX_FILE_BYTES
    from backprop.network import MAX_DERIVED, MAX_WORK, WORKED_EXAMPLE

    text = " ".join((ROOT / "README.md").read_text().split())
    assert f"of at most {MAX_FILE_BYTES // 2**20} MiB" in text
    assert MAX_WORK == 10**9 and "at most 10⁹ parameters × samples × iterations" in text
    assert WORKED_EXAMPLE.parameters * 1_000_000 == 10**7 and "10 parameters, are 10⁷" in text
    assert f"at most {MAX_DERIVED:,} parameters × samples" in text
