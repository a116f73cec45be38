"""smartgov: an agent-based simulation of multi-stakeholder smart governance (智慧治理)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("smartgov")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
