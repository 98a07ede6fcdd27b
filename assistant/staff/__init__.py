"""Tools for the staff who teach the kiosk: the misunderstanding queue
(:mod:`~assistant.staff.misunderstood`), ``kiosk review`` (:mod:`~assistant.staff.review`),
``kiosk intents add`` (:mod:`~assistant.staff.add`) and ``kiosk check``
(:mod:`~assistant.staff.check`)."""
