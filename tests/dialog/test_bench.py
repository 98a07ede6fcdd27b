"""``kiosk bench dialog`` stays covered: 200 random sessions, no crash, none stuck."""

from __future__ import annotations

from assistant.bench.dialog import main, register_bench, run_bench

from .helpers import texts
from .test_golden import _real_nlu


def test_random_sessions_never_crash_stick_or_double_charge() -> None:
    result = run_bench(200, seed=7, nlu=_real_nlu(), texts=texts())
    assert result.n == 200 and result.events > 200
    assert (result.crashes, result.stuck, result.double_charges, result.unrefunded,
            result.open_journal) == (0, 0, 0, 0, 0), result.report()
    assert result.outcomes["completed"] > 0 and result.paid_orders > 0
    assert sum(result.outcomes.values()) == 200


def test_cli_entry_point(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--n", "20", "--seed", "3", "--no-nlu"]) == 0
    out = capsys.readouterr().out
    assert "crashes 0" in out and "double charges 0" in out


def test_register_bench_adds_dialog() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="kiosk")
    register_bench(parser.add_subparsers(dest="what"))
    args = parser.parse_args(["dialog", "--n", "5", "--seed", "2"])
    assert (args.n, args.seed) == (5, 2) and callable(args.func)
