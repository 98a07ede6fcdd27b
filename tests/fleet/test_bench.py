"""``kiosk bench sync`` runs and prints its numbers (no speed is asserted here)."""

from __future__ import annotations

import re
import subprocess

from .helpers import KIOSK, ROOT


def test_bench_sync_prints_rows_per_second_and_lag(fleet_dsn: str) -> None:
    out = subprocess.run([*KIOSK, "bench", "sync", "--dsn", fleet_dsn, "--sessions", "300",
                          "--batch", "100", "--lag-runs", "2", "--interval", "0.2"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert re.search(r"sync: 300 sessions in 3 transactions .* = [\d,]+ rows/s", out.stdout)
    assert re.search(r"lag session end → fleet report, sync right after: p50 \d+ ms", out.stdout)
    assert re.search(r"background sync every 0.2 s: p50 \d+ ms", out.stdout)
