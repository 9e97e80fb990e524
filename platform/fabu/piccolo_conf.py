"""Piccolo's configuration: the shared engine and every domain app, found by walking ``fabu``.

A domain becomes a Piccolo app by having a ``piccolo_app.py``; nothing here lists domains.
"""

from __future__ import annotations

import importlib.util
import pkgutil

from piccolo.conf.apps import AppRegistry

import fabu
from fabu.db.engine import DB


def _domain_apps() -> list[str]:
    found = []
    for module in pkgutil.iter_modules(fabu.__path__):
        if not module.ispkg:
            continue
        if importlib.util.find_spec(f"fabu.{module.name}.piccolo_app") is not None:
            found.append(f"fabu.{module.name}.piccolo_app")
    return sorted(found)


__all__ = ["APP_REGISTRY", "DB"]

APP_REGISTRY = AppRegistry(apps=_domain_apps())
