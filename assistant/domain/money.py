"""Amounts of money: the one formatter used in prompts, receipts and logs."""

from __future__ import annotations


def amount_text(amount: float) -> str:
    """An amount in 元 as digits without trailing zeros: ``20.0`` → ``20``, ``67.5`` →
    ``67.5``, ``12.345`` → ``12.35`` (prompts say it, receipts print it)."""
    return f"{amount:.2f}".rstrip("0").rstrip(".")
