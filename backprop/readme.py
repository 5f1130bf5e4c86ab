"""The generated parts of README.md and of the pages in docs/.

A generated section sits between `<!-- BEGIN name -->` and `<!-- END name -->`
in the one page HOMES names for it; the scripts that compute it rewrite what is
between, nothing else. Used by convergence_test.py, analyze_convergence.py and
the other generators.
"""
import difflib
import os
import re
import sys
from pathlib import Path

from backprop.cli import RAW, Parser, WriteError, written
from backprop.files import FOLDER, ROOT, write_atomic, write_or_check

# Every generated section, by name, and its home: the page it is written into,
# relative to the project's folder. A marker with another name, or in another
# page, is a mistake.
HOMES = {
    "match": "README.md",
    "sweep-answer": "README.md",
    "depth-answer": "README.md",
    "convergence-tables": "docs/convergence.md",
    "analysis": "docs/convergence.md",
    "conclusions": "docs/convergence.md",
    "biases": "docs/convergence.md",
    "sweep": "docs/sweeps.md",
    "depth-steps": "docs/sweeps.md",
    "depth-sweep": "docs/sweeps.md",
    "proof": "docs/proof.md",
    "reconciliation": "docs/reconciliation.md",
    "throughput": "docs/benchmarks.md",
    "regenerate-speed": "docs/benchmarks.md",
    "suite-speed": "docs/benchmarks.md",
    "vs-original": "docs/benchmarks.md",
    "depth-speed": "docs/benchmarks.md",
}
SECTIONS = tuple(HOMES)
# The benchmarks' sections: written only by bench/ with --readme, as measured on
# one machine; `make` neither writes nor checks them.
MEASURED = ("throughput", "regenerate-speed", "vs-original", "suite-speed", "depth-speed")


def machine():
    """How a measured section names the machine: its processor and cores."""
    import platform  # here: only the benchmarks ask

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
MARKER = re.compile(r"<!--\s*(BEGIN|END)\s+(\S+?)\s*-->")


class ReadmeError(Exception):
    """A page cannot be updated: missing, unreadable or with broken markers."""


def sections_in(lines):
    """{name: (index of its BEGIN line, index of its END line)} of a page's
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
    """A page's text, its lines untouched (CRLF stays CRLF), or ReadmeError."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as e:
        raise ReadmeError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ReadmeError(f"{path} is not UTF-8 text") from None


def folder(root):
    """The folder the pages of HOMES are in: `root`, or the project's when None."""
    return ROOT if root is None else Path(root)


def by_page(names):
    """{page: [its sections among `names`]}, pages and sections in the order of HOMES."""
    grouped = {}
    for name in (name for name in HOMES if name in names):
        grouped.setdefault(HOMES[name], []).append(name)
    return grouped


def figure_path(section, name):
    """The path to figures/`name` from the home page of `section`: how it links the figure."""
    return Path(os.path.relpath(FOLDER / name, (ROOT / HOMES[section]).parent)).as_posix()


def where(names):
    """Where the named sections live: 'README.md section match; docs/proof.md section proof'."""
    return "; ".join(f"{page} section{'s' * (len(names) > 1)} {', '.join(names)}"
                     for page, names in by_page(names).items())


def sections_of(path, page):
    """(text, sections_in() of its lines) of the page `page` of HOMES, read at
    `path`; ReadmeError naming the file when its markers are broken or one of
    its sections has another page as its home."""
    text = read(path)
    try:
        found = sections_in(text.splitlines())
    except ReadmeError as e:
        raise ReadmeError(f"{path}: {e}") from None
    for name, (begin, _) in found.items():
        if HOMES[name] != page:
            raise ReadmeError(f"{path}: line {begin + 1}: section {name} belongs in "
                              f"{HOMES[name]}")
    return text, found


def check_markers(names, root=None):
    """ReadmeError unless the home of each of `names` (in the folder `root`) has
    well-formed markers and that section: what a generator checks before computing."""
    for page, wanted in by_page(names).items():
        path = folder(root) / page
        missing = [name for name in wanted if name not in sections_of(path, page)[1]]
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


def update(sections, check, root=None):
    """Write the sections ({name: markdown}) into their homes in the folder
    `root`, or with `check` only compare.

    Returns 0 when every page is (now) up to date, 1 when `check` finds one
    stale (after printing a diff that names it). Raises ReadmeError when a page
    cannot be read or its markers are broken, and WriteError when one cannot be
    written: every page is read and its new text made before any is written,
    and each is written whole, or not at all."""
    changed = {}
    for page, names in by_page(sections).items():
        path = folder(root) / page
        old = sections_of(path, page)[0]
        try:
            new = replace_sections(old, {name: sections[name] for name in names})
        except ReadmeError as e:
            raise ReadmeError(f"{path}: {e}") from None
        if new != old:
            changed[path] = old, new
    for path, (old, new) in changed.items():
        if not check:
            write_atomic(path, new.encode("utf-8"))
            continue
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(True), new.splitlines(True),
            f"{path} (committed)", f"{path} (what the code computes)"))
        print(f"{path} is stale: run `make` and commit the result.")
    return int(check and bool(changed))


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
    """Command line of a generator of the named `sections`: check their pages'
    markers, then print what `compute()` returns ((terminal text,
    {section: markdown}); `computed`: that, computed already) and update or
    --check the pages."""
    parser = Parser(description=description, formatter_class=RAW)
    parser.add_argument("--check", action="store_true",
                        help=f"write nothing; exit 1 with a diff if a page is stale "
                             f"({where(sections)})")
    parser.add_argument("--root", type=Path, metavar="DIR",
                        help="the folder whose README.md and docs/ to update (default: the "
                             "one this script is in)")
    args = parser.parse_args(argv)
    try:
        check_markers(sections, args.root)
        text, computed = compute() if computed is None else computed
        status = update(computed, args.check, args.root)
    except (ReadmeError, WriteError) as e:
        print(f"{parser.prog}: error: {e}", file=sys.stderr)
        return 2
    if not args.check:
        print(f"{text}\n\nUp to date in {folder(args.root)}: {where(computed)}.")
    return status


def publish(parser, args, sections, figure, draw, left_alone):
    """The end of a sweep's command line (sweep.py, sweep_depth.py): the
    `sections` ({name: markdown}) updated in their pages, or compared with
    --check, when args.default; the figure draw() gives written (or compared) as
    args.out / `figure` when args.out is set; a failure is the parser's one-line
    exit 2. Unless checking, prints the sections and what was written
    (`left_alone`: the line when the pages are not the ones to update). Returns
    the status."""
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
    print(f"Up to date: {where(sections)}." if args.default else left_alone)
    print(f"wrote {args.out / figure}" if args.out is not None else
          "No figure written (give --out DIR for one).")
    return 0
