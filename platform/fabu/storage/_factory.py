"""Choosing the store from the settings."""

from __future__ import annotations

from fabu.settings import Settings
from fabu.storage._local import LocalObjectStore
from fabu.storage._protocol import ObjectStore
from fabu.storage._s3 import S3ObjectStore
from fabu.storage._signing import UrlSigner


def build_object_store(settings: Settings) -> ObjectStore:
    """S3 when ``settings.s3_endpoint`` is set, else local files under ``data_dir/objects``.

    Nothing is contacted here. At startup, call :meth:`S3ObjectStore.ensure_bucket` on an S3
    store, and put the store on ``app.state.object_store`` for ``fabu.web.storage``.
    """
    if settings.s3_endpoint:
        return S3ObjectStore.connect(
            settings.s3_endpoint,
            bucket=settings.s3_bucket,
            access_key=settings.s3_access_key.get_secret_value()
            if settings.s3_access_key
            else None,
            secret_key=settings.s3_secret_key.get_secret_value()
            if settings.s3_secret_key
            else None,
            region=settings.s3_region,
        )
    signer = UrlSigner(settings.jwt_secret.get_secret_value())
    return LocalObjectStore(settings.data_dir / "objects", signer=signer)
