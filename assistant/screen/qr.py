"""The payment QR code as inline SVG (segno; no network, no images on disk)."""

from __future__ import annotations

import segno

DARK = "#000"
"""Module colour: black on the page's white gives the scanner the best contrast."""


def qr_svg(payload: str) -> str:
    """``payload`` as a QR code in an ``<svg>`` element that scales to its box.

    Error correction M, a 4-module quiet zone (scanners need it), no fixed size (the page
    sets it), ``aria-hidden``: the page gives the text alternative next to it.
    """
    code = segno.make(payload, error="m", micro=False)
    svg: str = code.svg_inline(scale=1, border=4, dark=DARK, light="#fff", omitsize=True,
                               svgclass="qr-code")
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
