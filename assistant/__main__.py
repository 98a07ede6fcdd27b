"""``python -m assistant`` is the same as the ``kiosk`` console script."""

from assistant.cli import main

raise SystemExit(main())
