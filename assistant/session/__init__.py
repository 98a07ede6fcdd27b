"""The session layer: one host for a dialog under every front end (issue 15 item 1).

:mod:`assistant.session.script` reads and writes script lines (``<key:1>``, ``<card:NAME>``,
``<wait:90>`` …); :mod:`assistant.session.host` hosts one dialog (executor, store
recording with masking, timers, next person, observers) for ``kiosk chat``, ``kiosk run``
and the screen.  See docs/architecture.md, "The session layer".
"""
