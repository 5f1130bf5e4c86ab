"""Command-line parsing shared by every script: one-line errors with exit
status 2, the argument types, and how a script runs as a command."""
import argparse
import math
import signal

from backprop.network import MAX_ITERATIONS


def run(main):
    """Run an entry point's main() as a command and exit with its status. A
    reader that stops reading (`| head`) ends it quietly, as it ends other
    command-line tools, not with a BrokenPipeError traceback."""
    if hasattr(signal, "SIGPIPE"):  # not on Windows
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    raise SystemExit(main())


# For a description whose line breaks --help keeps.
RAW = argparse.RawDescriptionHelpFormatter


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def iteration_count(text):
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}")
    if not 0 <= n <= MAX_ITERATIONS:
        raise argparse.ArgumentTypeError(
            f"must be between 0 and {MAX_ITERATIONS:,}, got {text!r}")
    return n


def positive(kind, requirement):
    """An argument type: `kind` (int or float) of the text, finite and above 0."""
    def parse(text):
        try:
            x = kind(text)
        except ValueError:
            x = math.nan
        if not (math.isfinite(x) and x > 0):
            raise argparse.ArgumentTypeError(f"must be {requirement}, got {text!r}")
        return x
    return parse


positive_number = positive(float, "a finite positive number")
positive_int = positive(int, "a whole number of at least 1")
