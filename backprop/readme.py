"""The generated parts of README.md.

A generated section sits between `<!-- BEGIN name -->` and `<!-- END name -->`;
the scripts that compute it rewrite what is between, nothing else. Used by
convergence_test.py, analyze_convergence.py and the other generators.
"""
import difflib
import re
import sys
from pathlib import Path

from backprop.cli import RAW, Parser
from backprop.files import ROOT, write_atomic

README = ROOT / "README.md"


class ReadmeError(Exception):
    """The README cannot be updated: missing, unreadable or without markers."""


def replace_sections(text, sections):
    """`text` with the body of each named section replaced by sections[name]."""
    for name, body in sections.items():
        pattern = re.compile(rf"(<!-- BEGIN {re.escape(name)} -->\n).*?"
                             rf"(<!-- END {re.escape(name)} -->)",
                             re.DOTALL)
        found = len(pattern.findall(text))
        if found != 1:
            raise ReadmeError(f"expected one '<!-- BEGIN {name} -->' ... '<!-- END {name} -->' "
                              f"pair, found {found}")
        text = pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(2), text)
    return text


def update(sections, check, path=README):
    """Write the sections into the README, or with `check` only compare.

    Returns 0 when the README is (now) up to date, 1 when `check` finds it stale
    (after printing a diff). Raises ReadmeError when it cannot be read or has
    no markers; then nothing is written."""
    try:
        old = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ReadmeError(f"cannot read {path}: {e.strerror}") from None
    new = replace_sections(old, sections)
    if new == old:
        return 0
    if check:
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(True), new.splitlines(True),
            f"{path} (committed)", f"{path} (what the code computes)"))
        print(f"{path} is stale: run `make` and commit the result.")
        return 1
    write_atomic(path, new.encode("utf-8"))
    return 0


def markdown_table(headers, rows, align=None):
    """A markdown table with padded columns, readable as plain text too.
    align: one of "l" or "r" per column (default: all right)."""
    if align is None:
        align = "r" * len(headers)
    cells = [list(map(str, headers))] + [list(map(str, row)) for row in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(headers))]

    def line(row):
        return "| " + " | ".join(c.ljust(w) if a == "l" else c.rjust(w)
                                 for c, w, a in zip(row, widths, align)) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" if a == "r" else "-" * (w + 2)
                          for w, a in zip(widths, align)) + "|"
    return "\n".join([line(cells[0]), rule] + [line(row) for row in cells[1:]])


def generator_main(description, compute, argv=None):
    """Command line of a README generator: print what `compute()` returns
    ((terminal text, {section: markdown})), then update or --check the README."""
    parser = Parser(description=description, formatter_class=RAW)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff if README.md is stale")
    parser.add_argument("--readme", type=Path, default=README, metavar="PATH",
                        help="the README to update (default: README.md beside this script)")
    args = parser.parse_args(argv)
    text, sections = compute()
    try:
        status = update(sections, args.check, args.readme)
    except ReadmeError as e:
        print(f"{parser.prog}: error: {e}", file=sys.stderr)
        return 2
    if not args.check:
        print(f"{text}\n\nSections {', '.join(sections)} of {args.readme} are up to date.")
    return status
