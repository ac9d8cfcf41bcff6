"""Shared test helpers: factories and the demo-like organization tree."""
