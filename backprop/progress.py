"""A progress bar for long runs (a million updates, a large example file, the
sweep), on standard error and only where that is a terminal: pipes, files and
CI see nothing. It appears once a run has taken a few seconds, is redrawn a few
times a second at most, and is erased when the run ends.
"""
import sys
import time

# A run shorter than this shows no bar; the bar is redrawn at most this often.
AFTER_SECONDS, EVERY_SECONDS = 2.0, 0.25
WIDTH = 30  # characters of the bar itself


def is_terminal(stream):
    """Whether `stream` is an open terminal (sys.stderr may be None or closed)."""
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False


def line(label, done, total, unit):
    """'label [#####.....]  45%  450,000 of 1,000,000 unit'."""
    filled = WIDTH * done // total if total else WIDTH
    percent = 100 * done // total if total else 100
    bar = "#" * filled + "." * (WIDTH - filled)
    return f"{label} [{bar}] {percent:3d}%  {done:,} of {total:,} {unit}"


class Bar:
    """with Bar("label", total, "updates") as bar: ... bar.show(done) ...

    Shown on `stream` (default: standard error) only if it is a terminal, and
    never if `quiet`."""

    def __init__(self, label, total, unit, stream=None, quiet=False, clock=time.monotonic):
        self.label, self.total, self.unit, self.clock = label, total, unit, clock
        self.quiet = quiet
        self.stream = sys.stderr if stream is None else stream
        self.start = self.drawn = None
        self.width = 0  # of the line on the terminal now

    def __enter__(self):
        self.start = self.clock()
        self.on = not self.quiet and is_terminal(self.stream)
        return self

    def show(self, done):
        """Redraw for `done` of the total, if it is time to."""
        now = self.clock()
        if not self.on or now - self.start < AFTER_SECONDS:
            return
        if self.drawn is not None and now - self.drawn < EVERY_SECONDS:
            return
        self.drawn = now
        self.write(line(self.label, min(done, self.total), self.total, self.unit))

    def write(self, text):
        """Put `text` over the line drawn last ("" erases it)."""
        try:
            self.stream.write("\r" + text.ljust(self.width) + ("\r" if not text else ""))
            self.stream.flush()
        except (OSError, ValueError):  # the terminal has gone: no bar, the run goes on
            self.on = False
        self.width = len(text)

    def __exit__(self, *exc):
        if self.on and self.width:
            self.write("")
        return False
