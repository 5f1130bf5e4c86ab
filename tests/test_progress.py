"""The progress bar of long runs: on a terminal only, after a few seconds,
erased at the end."""
import io

import pytest

from backprop import progress


class Terminal(io.StringIO):
    def isatty(self):
        if self.closed:
            raise ValueError("I/O operation on closed file")  # as a real file does
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def bar_run(stream, quiet=False, times=(0.5, 2.5, 2.6, 3.0)):
    """What a bar shows of four steps of a 4-update run at the given times."""
    clock = Clock()
    with progress.Bar("run", 4, "updates", stream=stream, quiet=quiet, clock=clock) as bar:
        for done, t in enumerate(times, 1):
            clock.now = t
            bar.show(done)
    return stream.getvalue()


def test_a_terminal_sees_the_bar_after_a_few_seconds_and_not_after_the_run():
    shown = bar_run(Terminal())
    drawn = [part for part in shown.split("\r") if part.strip()]
    # 0.5 s: too soon; 2.5 s: drawn; 2.6 s: too soon after; 3.0 s: drawn
    assert drawn == [progress.line("run", 2, 4, "updates"), progress.line("run", 4, 4, "updates")]
    assert drawn[0] == f"run [{'#' * 15}{'.' * 15}]  50%  2 of 4 updates"
    # erased: the last thing written is blanks over the line, and the cursor back at its start
    assert shown.endswith("\r" + " " * len(drawn[1]) + "\r")


@pytest.mark.parametrize("stream, quiet", [(io.StringIO(), False), (Terminal(), True)],
                         ids=["a pipe or file", "quiet"])
def test_a_pipe_a_file_or_a_quiet_run_sees_nothing(stream, quiet):
    assert bar_run(stream, quiet) == ""


def test_a_closed_or_missing_standard_error_is_no_terminal():
    closed = Terminal()
    closed.close()
    assert not progress.is_terminal(closed) and not progress.is_terminal(None)


def test_a_training_run_on_a_terminal_shows_the_bar_and_prints_the_same(monkeypatch, capsys):
    import ann_numpy

    assert ann_numpy.main(["30000"]) == 0
    plain = capsys.readouterr()
    assert plain.err == ""  # not a terminal: no bar
    terminal = Terminal()
    monkeypatch.setattr(progress, "AFTER_SECONDS", 0)
    monkeypatch.setattr(progress, "EVERY_SECONDS", 0)
    monkeypatch.setattr("sys.stderr", terminal)
    assert ann_numpy.main(["30000"]) == 0
    assert capsys.readouterr().out == plain.out
    drawn = [part.rstrip() for part in terminal.getvalue().split("\r") if part.strip()]
    # a bar after each block of iterations, the last at the end of the run
    assert len(drawn) >= 2 and drawn[-1].startswith("sequential updates [")
    assert drawn[-1].endswith("100%  30,000 of 30,000 updates")
    assert terminal.getvalue().endswith(" \r")  # erased
