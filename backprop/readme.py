"""The generated parts of README.md.

A generated section sits between `<!-- BEGIN name -->` and `<!-- END name -->`;
the scripts that compute it rewrite what is between, nothing else. Used by
convergence_test.py, analyze_convergence.py and the other generators.
"""
import difflib
import re
import sys
from pathlib import Path

from backprop.cli import RAW, Parser, written
from backprop.files import ROOT, WriteError, write_atomic, write_or_check

README = ROOT / "README.md"


# Every generated section, by name: a marker with another name is a mistake.
SECTIONS = ("match", "convergence-tables", "analysis", "conclusions", "biases", "sweep",
            "depth-steps", "depth-sweep",
            "throughput", "proof", "regenerate-speed", "vs-original", "suite-speed",
            "reconciliation")
# The benchmarks' sections: written only by bench/ with --readme, as measured on
# one machine; `make` neither writes nor checks them.
MEASURED = ("throughput", "regenerate-speed", "vs-original", "suite-speed")
MARKER = re.compile(r"<!--\s*(BEGIN|END)\s+(\S+?)\s*-->")


class ReadmeError(Exception):
    """The README cannot be updated: missing, unreadable or with broken markers."""


def sections_in(lines):
    """{name: (index of its BEGIN line, index of its END line)} of a README's
    lines, or ReadmeError naming the line numbers when a marker is unknown,
    repeated, nested, crossed or unclosed."""
    found, open_ = {}, None
    for k, line in enumerate(lines):
        for kind, name in MARKER.findall(line):
            where = f"line {k + 1}"
            if name not in SECTIONS:
                raise ReadmeError(f"{where}: unknown section '{name}' (known: "
                                  f"{', '.join(SECTIONS)})")
            if kind == "BEGIN":
                if open_ is not None:
                    raise ReadmeError(f"{where}: BEGIN {name} inside section {open_[0]}, "
                                      f"which begins on line {open_[1] + 1} and is not ended")
                if name in found:
                    raise ReadmeError(f"{where}: a second BEGIN {name} (the first is on "
                                      f"line {found[name][0] + 1})")
                open_ = (name, k)
            elif open_ is None:
                raise ReadmeError(f"{where}: END {name} without a BEGIN {name} before it")
            elif open_[0] != name:
                raise ReadmeError(f"{where}: END {name} where section {open_[0]} (line "
                                  f"{open_[1] + 1}) should end")
            else:
                found[name], open_ = (open_[1], k), None
    if open_ is not None:
        raise ReadmeError(f"line {open_[1] + 1}: BEGIN {open_[0]} is never ended")
    return found


def read(path):
    """The README's text, its lines untouched (CRLF stays CRLF), or ReadmeError."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as e:
        raise ReadmeError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ReadmeError(f"{path} is not UTF-8 text") from None


def check_markers(path, names):
    """ReadmeError unless the README at `path` has well-formed markers and a
    section for each of `names`: what a generator checks before computing."""
    missing = [name for name in names
               if name not in sections_in(read(path).splitlines())]
    if missing:
        raise ReadmeError(f"{path} has no section {', '.join(missing)} "
                          f"(expected '<!-- BEGIN {missing[0]} -->' ... "
                          f"'<!-- END {missing[0]} -->')")


def replace_sections(text, sections):
    """`text` with the body of each named section replaced by sections[name], in
    the text's own line endings; ReadmeError if its markers are broken or a
    section is missing."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    found = sections_in(lines)
    for name in sections:
        if name not in found:
            raise ReadmeError(f"no section {name} (expected '<!-- BEGIN {name} -->' ... "
                              f"'<!-- END {name} -->')")
    # last section first, so that the line numbers of the others stay right
    for name in sorted(sections, key=lambda n: found[n][0], reverse=True):
        begin, end = found[name]
        body = [line + newline for line in sections[name].rstrip("\n").split("\n")]
        lines[begin + 1:end] = body
    return "".join(lines)


def update(sections, check, path=README):
    """Write the sections into the README, or with `check` only compare.

    Returns 0 when the README is (now) up to date, 1 when `check` finds it stale
    (after printing a diff). Raises ReadmeError when it cannot be read or its
    markers are broken, and WriteError when it cannot be written; then nothing
    is written."""
    old = read(path)
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


def generator_main(description, compute, sections, argv=None, computed=None):
    """Command line of a README generator of the named `sections`: check the
    README's markers, then print what `compute()` returns ((terminal text,
    {section: markdown}); `computed`: that, computed already) and update or
    --check the README."""
    parser = Parser(description=description, formatter_class=RAW)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff if README.md is stale")
    parser.add_argument("--readme", type=Path, default=README, metavar="PATH",
                        help="the README to update (default: README.md beside this script)")
    args = parser.parse_args(argv)
    try:
        check_markers(args.readme, sections)
        text, computed = compute() if computed is None else computed
        status = update(computed, args.check, args.readme)
    except (ReadmeError, WriteError) as e:
        print(f"{parser.prog}: error: {e}", file=sys.stderr)
        return 2
    if not args.check:
        print(f"{text}\n\nSections {', '.join(computed)} of {args.readme} are up to date.")
    return status


def publish(parser, args, sections, figure, draw, left_alone):
    """The end of a sweep's command line (sweep.py, sweep_depth.py): the README's
    `sections` ({name: markdown}) updated, or compared with --check, when
    args.default; the figure draw() gives written (or compared) as args.out /
    `figure` when args.out is set; a failure is the parser's one-line exit 2.
    Unless checking, prints the sections and what was written (`left_alone`:
    the line when the README is not the one to update). Returns the status."""
    status = 0
    try:
        if args.default:
            status = update(sections, check=args.check)
        if args.out is not None:
            if not args.check:
                args.out.mkdir(parents=True, exist_ok=True)
            status = max(status, write_or_check(args.out / figure, draw(), args.check))
    except (ReadmeError, OSError) as e:
        parser.exit(2, f"{parser.prog}: error: {e}; {written()}\n")
    if args.check:
        return status
    print("\n\n".join(sections.values()))
    several = len(sections) > 1
    print(f"README.md section{'s' * several} {', '.join(sections)} {'are' if several else 'is'} "
          "up to date." if args.default else left_alone)
    print(f"wrote {args.out / figure}" if args.out is not None else
          "No figure written (give --out DIR for one).")
    return 0
