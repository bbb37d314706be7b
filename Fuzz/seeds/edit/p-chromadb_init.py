p"""Chroma: the AI-native open-source embedding database (sample for tplpatch's tests).

This docstring mentions 0.5.20 on purpose: only the assignment below is the version.
"""
from typing import Dict, Optional
import logging

logger = logging.getLogger(__name__)

__settings = None

__version__ = "0.5.20"

# Oldest server this client talks to; the same string, but not the version.
MINIMUM_SERVER_VERSION = "0.5.20"

__all__ = ["Client", "get_settings", "__version__"]


def get_settings() -> Optional[Dict[str, str]]:
    return __settings


def Client(settings: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """Return a client description that carries the version it was built with."""
    logger.debug(f"chromadb {__version__!r} client, settings={settings}")
    return {"version": __version__, "kind": "local"}
