"""Generated sections of README.md and docs/*.md: each in its one home page,
replaced between markers only, checked, and written atomically."""
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


def pages(root, names, text=None):
    """The home pages of the sections `names` in the folder `root`: copies of the
    committed ones, or each holding `text`. Returns {path: its text}."""
    written = {}
    for page in readme.by_page(names):
        path = root / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((ROOT / page).read_text() if text is None else text)
        written[path] = path.read_text()
    return written


@pytest.mark.parametrize("text, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_generator_writes_nothing_into_a_readme_with_malformed_markers(tmp_path, text,
                                                                          message):
    (target,) = pages(tmp_path, ["proof"], text)
    assert target == tmp_path / "docs" / "proof.md"
    result = run("prove.py", "--root", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert str(target) in result.stderr
    assert target.read_text() == text


def test_a_section_outside_its_home_is_an_error_naming_both_pages(tmp_path, capsys):
    stray = tmp_path / "docs" / "proof.md"
    pages(tmp_path, ["proof"])
    stray.write_text(stray.read_text() + "\n<!-- BEGIN sweep -->\n<!-- END sweep -->\n")
    text = stray.read_text()
    line = text.splitlines().index("<!-- BEGIN sweep -->") + 1
    with pytest.raises(readme.ReadmeError) as error:
        readme.check_markers(["proof"], tmp_path)
    assert str(error.value) == f"{stray}: line {line}: section sweep belongs in docs/sweeps.md"
    result = run("prove.py", "--root", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"prove.py: error: {error.value}\n"
    assert stray.read_text() == text


def test_every_section_has_one_home_and_is_there():
    for page, names in readme.by_page(readme.SECTIONS).items():
        assert list(readme.sections_of(ROOT / page, page)[1]) == names, page
    assert sorted(readme.by_page(readme.SECTIONS)) == sorted(
        ["README.md", *(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")
                        if readme.MARKER.search(p.read_text()))])


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


@pytest.mark.parametrize("script", ["convergence_test", "analyze_convergence"])
def test_a_readme_without_markers_is_left_untouched(tmp_path, script):
    names = importlib.import_module(script).SECTIONS if script == "analyze_convergence" \
        else ["convergence-tables"]
    before = pages(tmp_path, names, "# A page without markers\n")
    result = run(f"{script}.py", "--root", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "has no section" in result.stderr
    assert {path: path.read_text() for path in before} == before


@pytest.mark.parametrize("script, names, section, generated_text", [
    ("convergence_test", ["convergence-tables"], "convergence-tables", "### Error progression"),
    ("analyze_convergence", ["match", "analysis", "conclusions", "biases", "reconciliation"],
     "analysis", "Final weights after"),
    ("analyze_convergence", ["match", "analysis", "conclusions", "biases", "reconciliation"],
     "match", "E_total after the first round"),
])
def test_check_reports_a_stale_readme_and_a_run_mends_it(tmp_path, capsys, script, names,
                                                        section, generated_text):
    # in this process: its runs are trained once for the commands
    main = importlib.import_module(script).main
    assert main(["--check"]) == 0, "a committed page is stale"
    current = pages(tmp_path, names)
    target = tmp_path / readme.HOMES[section]
    stale = current[target].replace(generated_text, "hand-edited", 1)
    assert stale != current[target]
    target.write_text(stale)
    capsys.readouterr()
    assert main(["--check", "--root", str(tmp_path)]) == 1
    printed = capsys.readouterr().out
    # the diff and the verdict name the stale page, and only it
    assert printed.count(" is stale") == 1 and f"{target} is stale" in printed
    assert f"+++ {target} (what the code computes)" in printed
    assert target.read_text() == stale
    assert main(["--root", str(tmp_path)]) == 0
    assert main(["--check", "--root", str(tmp_path)]) == 0
    assert {path: path.read_text() for path in current} == current
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file()) == sorted(readme.by_page(names))


def test_make_says_which_parts_it_rewrote_and_which_were_current():
    import regenerate

    before = {("README.md sections", "match"): "a", ("docs/proof.md sections", "proof"): "b",
              ("docs/sweeps.md sections", "sweep"): "d", ("figures", "x.png"): b"1"}
    after = {**before, ("docs/proof.md sections", "proof"): "c", ("figures", "x.png"): b"2"}
    assert regenerate.changes(before, after) == (
        "rewrote: docs/proof.md sections proof; figures x.png\n"
        "already current: README.md sections match; docs/sweeps.md sections sweep")
    assert regenerate.changes(before, before) == (
        "rewrote: nothing\nalready current: README.md sections match; docs/proof.md sections "
        "proof; docs/sweeps.md sections sweep; figures x.png")
    # every part make writes, by its home page: the sections but the benchmarks' (not
    # make's), every figure
    assert set(regenerate.outputs()) == (
        {(f"{readme.HOMES[name]} sections", name) for name in readme.SECTIONS
         if name not in readme.MEASURED}
        | {("figures", name) for names in files.FIGURES.values() for name in names}
        | {("docs", name) for name in files.PAGES})


def test_the_readme_states_the_bounds_the_code_applies():
    from backprop.example import MAX_FILE_BYTES
    from backprop.network import MAX_DERIVED, MAX_WORK, WORKED_EXAMPLE

    text = " ".join((ROOT / "docs" / "example_files.md").read_text().split())
    assert f"of at most {MAX_FILE_BYTES // 2**20} MiB" in text
    assert MAX_WORK == 10**9 and "at most 10⁹ parameters × samples × iterations" in text
    assert WORKED_EXAMPLE.parameters * 1_000_000 == 10**7 and "10 parameters, are 10⁷" in text
    assert f"at most {MAX_DERIVED:,} parameters × samples" in text


def test_the_readmes_own_numbers_are_marked_as_it_shows(tmp_path):
    part = (ROOT / "README.md").read_text().split("## Your own numbers", 1)[1]
    example = part.split("```json\n", 1)[1].split("```", 1)[0]
    shown = "Published" + part.split("```\nPublished", 1)[1].split("```", 1)[0]
    (tmp_path / "my.json").write_text(example)
    result = run("ann_numpy_no_loop.py", "--example", str(tmp_path / "my.json"))
    # 1: a value is wrong, as the README says
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.startswith(shown + "\n")
    assert "1 wrong" in shown and "WRONG: should be 0.3775" in shown


def test_the_readme_fits_in_250_lines():
    # the depth is in docs/: the README holds what a reader of the post needs first
    assert len((ROOT / "README.md").read_text().splitlines()) <= 250
