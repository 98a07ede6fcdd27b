"""A real headless Chromium for the screen tests.

The browser is Debian's ``/usr/bin/chromium`` driven by Playwright's Python API (never a
browser downloaded by ``playwright install``).  Browser tests are skipped, saying why,
when Chromium or Playwright is not installed (``bash scripts/setup.sh --test`` installs
both).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not installed at {CHROMIUM}: apt-get install chromium "
                    "(scripts/setup.sh does)")
    try:
        import axe_playwright_python  # noqa: F401
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"{exc.name} not installed: pip install -e '.[test]' "
                    "(Playwright and axe-playwright-python)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
