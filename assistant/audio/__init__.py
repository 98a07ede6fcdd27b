"""Audio edges of the kiosk: WAV helpers, devices, microphone capture, playback, earcons.

``sounddevice`` (PortAudio) is imported lazily inside the functions that need it, so the
rest of the kiosk (``kiosk chat``, ``kiosk nlu``) works on machines without PortAudio.
"""
