"""Benchmarks that print numbers: ``kiosk bench WHAT`` (one module per bench)."""
