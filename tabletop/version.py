"""The release, written once: the build reads it from here (pyproject.toml's dynamic version), so
that the installed package's metadata says the same, and the code imports it from here (the
cache's header, the documents' and sessions' provenance, `tabletop --version`), never asking the
installed packages' metadata, a look-up that cost every short command a few milliseconds.

Imports nothing, so that any module of any layer may import it."""

__version__ = "0.1.0"
