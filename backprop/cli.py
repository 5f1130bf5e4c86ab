"""Command-line parsing shared by every script: one-line errors with exit
status 2, the argument types, and how a script runs as a command."""
import argparse
import math
import os
import re
import sys

from backprop.files import WRITTEN, WriteError
from backprop.network import MAX_ITERATIONS


class OutputError(OSError):
    """Standard output cannot take what is printed (a full disk, /dev/full)."""


class Output:
    """Standard output that outlives its reader: once the reader has gone
    (`| head`), what is printed goes to /dev/null, quietly, and the command
    still finishes its work (a regeneration writes every file). Any other
    failure to print is an OutputError."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        return self.guarded(self.stream.write, text) or len(text)

    def flush(self):
        self.guarded(self.stream.flush)

    def guarded(self, method, *args):
        try:
            return method(*args)
        except BrokenPipeError:
            self.discard()
        except OSError as e:
            raise OutputError(e.errno, e.strerror) from None

    def discard(self):
        os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())

    def __getattr__(self, name):
        return getattr(self.stream, name)


def written():
    """What this process has written, for a message: 'wrote a, b' or 'nothing written'."""
    paths = [os.path.relpath(path) for path in WRITTEN]
    return f"wrote {', '.join(paths)}" if paths else "nothing written"


def run(main):
    """Run an entry point's main() as a command and exit with its status, with
    one line, never a traceback, when it is interrupted (Ctrl-C: status 130,
    saying what was written) or its output cannot be written (status 1). A
    character the terminal cannot show prints as '?'."""
    prog = os.path.basename(sys.argv[0])
    sys.stdout.reconfigure(errors="replace")
    sys.stdout = Output(sys.stdout)
    try:
        status = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        print(f"\n{prog}: interrupted; {written()}", file=sys.stderr)
        status = 130
    except WriteError as e:  # a file the project writes; the others are complete
        print(f"{prog}: error: {e}; {written()}", file=sys.stderr)
        status = 2
    except OutputError as e:
        print(f"{prog}: error: cannot write the output: {e.strerror}; {written()}",
              file=sys.stderr)
        sys.stdout.discard()
        status = 1
    raise SystemExit(status)


# For a description whose line breaks --help keeps.
RAW = argparse.RawDescriptionHelpFormatter


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, exit status 2,
    and that reads '-1e3' or '-inf' as a (wrong) number, not as an option."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # argparse's own pattern knows only '-1' and '-.5'; its name is the same in 3.10-3.13
        self._negative_number_matcher = re.compile(r"-(\.?\d|inf|nan)", re.IGNORECASE)

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def shown(text):
    """An argument as an error message quotes it: at most 20 characters."""
    return repr(text if len(text) <= 20 else text[:20] + "…")


def count(low, high):
    """An argument type: a whole number from `low` to `high`, in the digits 0-9."""
    def parse(text):
        if not re.fullmatch(r"-?[0-9]+", text):
            raise argparse.ArgumentTypeError(
                f"must be a whole number in the digits 0-9, got {shown(text)}")
        if len(text.lstrip("-")) > len(str(high)) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(
                f"must be between {low:,} and {high:,}, got {shown(text)}")
        return int(text)
    return parse


iteration_count = count(0, MAX_ITERATIONS)
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|infinity|nan)",
                    re.IGNORECASE)


def positive_number(text, high=math.inf):
    """An argument type: a finite number above 0 and at most `high`, in ASCII."""
    x = float(text) if NUMBER.fullmatch(text) else math.nan
    if not (math.isfinite(x) and 0 < x <= high):
        bound = "" if high == math.inf else f" of at most {high:g}"
        raise argparse.ArgumentTypeError(
            f"must be a finite positive number{bound}, got {shown(text)}")
    return x
