"""Command-line parsing shared by every script: one-line errors with exit
status 2, the argument types, and how a script runs as a command."""
import argparse
import math
import os
import re
import signal
import sys
from contextlib import contextmanager, suppress

from backprop.network import MAX_ITERATIONS

# Every file this process has written, in order (backprop/files.py writes them):
# what an interrupted command reports. Here, not in files.py, so that a training
# script that writes no file starts without importing files.py and its pathlib.
WRITTEN = []


class WriteError(OSError):
    """A file the project writes cannot be written; the message says which and why."""


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


class Missing:
    """A standard stream that was closed when the command started (`>&-`):
    what is written to it goes nowhere, and `lost` says whether anything was.
    `label` names it in a message."""

    def __init__(self, label):
        self.label = label
        self.lost = False

    def write(self, text):
        self.lost = self.lost or text != ""
        return len(text)

    def flush(self):
        pass

    def reconfigure(self, **kwargs):
        pass

    def isatty(self):
        return False


def open_closed_streams():
    """Open /dev/null onto each closed standard descriptor (0, 1, 2), so that no
    file the command opens takes its number (what a worker process prints would
    land in it), and put a Missing stream in place of a missing sys.stdout or
    sys.stderr. Returns the Missing streams."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free number: `fd`
    missing = []
    for name, label in [("stdout", "standard output"), ("stderr", "standard error")]:
        if getattr(sys, name) is None:
            missing.append(Missing(label))
            setattr(sys, name, missing[-1])
    return missing


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (args[0]), handled as Ctrl-C is."""


# Signals a command handles as Ctrl-C: its temporary file removed, what it wrote said,
# exit status 128 + the signal's number.
STOPPING = (signal.SIGTERM, signal.SIGHUP)


def stop(signum, frame):
    """The handler of SIGTERM and SIGHUP: raise Stopped, as Ctrl-C raises KeyboardInterrupt."""
    raise Stopped(signum)


def stopped_by_default():
    """In a process forked from a command (a worker): SIGTERM and SIGHUP end it
    at once again, as by default, wherever it waits (Pool.terminate sends SIGTERM)."""
    for signum in STOPPING:
        if signal.getsignal(signum) is stop:
            signal.signal(signum, signal.SIG_DFL)


os.register_at_fork(after_in_child=stopped_by_default)


@contextmanager
def stopped_by_signals():
    """Within the block, SIGTERM and SIGHUP raise Stopped, where they are not
    ignored (nohup); the handlers before are restored after it."""
    before = {signum: signal.getsignal(signum) for signum in STOPPING}
    for signum, handler in before.items():
        if handler == signal.SIG_DFL:
            signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def written():
    """What this process has written, for a message: 'wrote a, b' or 'nothing written'."""
    paths = [os.path.relpath(path) for path in WRITTEN]
    return f"wrote {', '.join(paths)}" if paths else "nothing written"


def say(line):
    """Print `line` on standard error; where that fails too, nothing more can be said."""
    with suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def status_of(main, prog):
    """main()'s exit status, with one line on standard error, never a
    traceback, when it is interrupted (Ctrl-C: status 130; SIGTERM, SIGHUP:
    128 + the signal's number; saying what was written), runs out of memory
    (status 1), cannot write a file (status 2) or its output (status 1)."""
    try:
        status = main()
        sys.stdout.flush()
        return status
    except Stopped as e:
        say(f"{prog}: stopped by {signal.Signals(e.args[0]).name}; {written()}")
        return 128 + e.args[0]
    except KeyboardInterrupt:
        say(f"\n{prog}: interrupted; {written()}")
        return 128 + signal.SIGINT
    except MemoryError:
        say(f"{prog}: error: out of memory; {written()}")
        return 1
    except WriteError as e:  # a file the project writes; the others are complete
        say(f"{prog}: error: {e}; {written()}")
        return 2
    except OutputError as e:
        say(f"{prog}: error: cannot write the output: {e.strerror}; {written()}")
        sys.stdout.discard()
        return 1


def run(main):
    """Run an entry point's main() as a command and exit with its status (see
    status_of). A closed standard output or error does not stop it: the
    files are written, and when anything printed was lost the status is 1. A
    character the terminal cannot show prints as '?'."""
    prog = os.path.basename(sys.argv[0])
    missing = open_closed_streams()
    sys.stdout.reconfigure(errors="replace")
    sys.stdout = Output(sys.stdout)
    with stopped_by_signals():
        status = status_of(main, prog)
    lost = [stream.label for stream in missing if stream.lost]
    if status == 0 and lost:
        # seen only where standard error is open: then lost[0] is standard output
        say(f"{prog}: error: cannot write the output: {lost[0]} is closed; {written()}")
        status = 1
    raise SystemExit(status)


def terminal_columns():
    """The width --help wraps to, as shutil.get_terminal_size() gives it:
    COLUMNS if it is a positive number, else the width of the terminal on
    standard output, else 80."""
    with suppress(KeyError, ValueError):
        columns = int(os.environ["COLUMNS"])
        if columns > 0:
            return columns
    with suppress(AttributeError, ValueError, OSError):
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    return 80


class RAW(argparse.RawDescriptionHelpFormatter):
    """For a description whose line breaks --help keeps, wrapped as argparse
    wraps it. argparse finds the width with shutil, which imports bz2 and lzma:
    every parser makes this formatter, so a training run starts sooner without."""

    def __init__(self, prog):
        super().__init__(prog, width=terminal_columns() - 2)


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
# compiled where it is first used (re keeps it): a run without --lr starts sooner
NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|infinity|nan)"


def positive_number(text, high=math.inf):
    """An argument type: a finite number above 0 and at most `high`, in ASCII."""
    x = float(text) if re.fullmatch(NUMBER, text, re.IGNORECASE) else math.nan
    if not (math.isfinite(x) and 0 < x <= high):
        bound = "" if high == math.inf else f" of at most {high:g}"
        raise argparse.ArgumentTypeError(
            f"must be a finite positive number{bound}, got {shown(text)}")
    return x


def without(argv, option):
    """The arguments but `option` and its value (OPTION VALUE or OPTION=VALUE)."""
    rest, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == option:
            skip = True
        elif not a.startswith(option + "="):
            rest.append(a)
    return rest
