"""Tests of the service-guide catalogue (assistant.guides)."""
