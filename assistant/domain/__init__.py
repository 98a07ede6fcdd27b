"""The kiosk's domain: facts and rules every other layer may use, depending on nothing.

- :mod:`~assistant.domain.idcard`: the 居民身份证 (chip data, GB 11643 check digit,
  validity by age);
- :mod:`~assistant.domain.plate`: number plates (local prefix, the letters plates use);
- :mod:`~assistant.domain.money`: the one amount formatter (``67.50`` → ``67.5``);
- :mod:`~assistant.domain.rules`: dates and amounts of the regulations (renewal, late fees);
- :mod:`~assistant.domain.operations`: typed adapter operations (what the dialog asks a
  device or back end to do) and :class:`~assistant.domain.operations.DeviceResult`.

Imports only the standard library and :mod:`assistant.errors` (``tests/test_layers.py``).
"""
