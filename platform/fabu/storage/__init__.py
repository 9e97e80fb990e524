"""Object storage: one small async protocol, a local-file and an S3 implementation, tenant scoping.

Use :func:`build_object_store` to get the configured store, and :class:`TenantObjects` to
work inside one tenant's namespace; domain services should never build raw keys themselves.
"""

from fabu.storage._errors import (
    InvalidContentType,
    InvalidObjectKey,
    InvalidSignature,
    ObjectNotFound,
    ObjectRetained,
    ObjectStoreError,
    ObjectStoreUnavailable,
    SignatureExpired,
    StorageErrorCode,
    UrlSignatureError,
)
from fabu.storage._factory import build_object_store
from fabu.storage._local import LocalObjectStore
from fabu.storage._protocol import ObjectInfo, ObjectStore
from fabu.storage._s3 import S3ObjectStore
from fabu.storage._signing import DOWNLOAD_PATH, UrlSigner
from fabu.storage._tenant import TenantObjects
from fabu.storage._validation import (
    MAX_URL_LIFETIME,
    validate_content_type,
    validate_key,
    validate_prefix,
)

__all__ = [
    "DOWNLOAD_PATH",
    "MAX_URL_LIFETIME",
    "InvalidContentType",
    "InvalidObjectKey",
    "InvalidSignature",
    "LocalObjectStore",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectRetained",
    "ObjectStore",
    "ObjectStoreError",
    "ObjectStoreUnavailable",
    "S3ObjectStore",
    "SignatureExpired",
    "StorageErrorCode",
    "TenantObjects",
    "UrlSignatureError",
    "UrlSigner",
    "build_object_store",
    "validate_content_type",
    "validate_key",
    "validate_prefix",
]
