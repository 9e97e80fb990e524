"""A small file store for channels that publish files (a website, notice-board pages and PDFs).

Plugins such as the portal and the bulletin board write their public files through a ``SiteStore``:
a local directory in development, or an S3-compatible bucket in production, chosen by the
``StorageSettings`` part of the plugin's config.
"""

from fabu.channels.sitestore._config import TENANT, StorageSettings, expand, site_store
from fabu.channels.sitestore._guard import Place, exclusive_change, store_errors
from fabu.channels.sitestore._s3 import S3SiteStore
from fabu.channels.sitestore._store import (
    DirectorySiteStore,
    SiteStore,
    SiteStoreConfigError,
    SiteStoreError,
    validate_site_key,
)

__all__ = [
    "TENANT",
    "DirectorySiteStore",
    "Place",
    "S3SiteStore",
    "SiteStore",
    "SiteStoreConfigError",
    "SiteStoreError",
    "StorageSettings",
    "exclusive_change",
    "expand",
    "site_store",
    "store_errors",
    "validate_site_key",
]
