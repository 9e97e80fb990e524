"""Fabu's portal channel (政府门户网站): the unit's public website as accessible static pages.

The plugin writes each release's page, the category indexes, the home page, RSS and Atom feeds
and a sitemap to a :class:`SiteStore` built from its config (a local directory for development,
an S3-compatible bucket in production); any static host or CDN serves them. :func:`serve` reads
a page back for Fabu's development route ``/sites/<tenant>/...``.
"""

from fabu.channels.sitestore import (
    DirectorySiteStore,
    S3SiteStore,
    SiteStore,
    SiteStoreConfigError,
    SiteStoreError,
    site_store,
)
from fabu_portal._a11y import Problem, check_document, check_fragment
from fabu_portal._config import PortalConfig
from fabu_portal._plugin import PortalChannel
from fabu_portal._serve import content_type_for, serve

__all__ = [
    "DirectorySiteStore",
    "PortalChannel",
    "PortalConfig",
    "Problem",
    "S3SiteStore",
    "SiteStore",
    "SiteStoreConfigError",
    "SiteStoreError",
    "check_document",
    "check_fragment",
    "content_type_for",
    "serve",
    "site_store",
]
