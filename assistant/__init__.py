"""Offline voice assistant for self-service police kiosks (智慧+ 自助警务超市)."""

__version__ = "0.1.0"
