"""Solara components of the web app (one per file) and the plain-Python run they display."""
