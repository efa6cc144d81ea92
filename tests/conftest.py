"""Shared fixtures: every test of a compiled structure also runs on its twin."""
