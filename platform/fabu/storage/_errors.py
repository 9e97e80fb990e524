"""The storage domain's error codes and exceptions.

Every message is bilingual, Chinese first and English second, so it can be shown to a
user as it is; ``code`` is the stable value the API layer maps to its error enums.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class StorageErrorCode(StrEnum):
    """Stable codes of storage errors."""

    OBJECT_NOT_FOUND = "OBJECT_NOT_FOUND"
    INVALID_OBJECT_KEY = "INVALID_OBJECT_KEY"
    INVALID_CONTENT_TYPE = "INVALID_CONTENT_TYPE"
    STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
    INVALID_SIGNATURE = "INVALID_SIGNATURE"
    SIGNATURE_EXPIRED = "SIGNATURE_EXPIRED"
    OBJECT_RETAINED = "OBJECT_RETAINED"


class ObjectStoreError(Exception):
    """Base of every error the storage domain raises on purpose."""

    code: ClassVar[StorageErrorCode]


class ObjectNotFound(ObjectStoreError):
    """No object is stored under the key."""

    code = StorageErrorCode.OBJECT_NOT_FOUND

    def __init__(self, key: str) -> None:
        super().__init__(f"对象不存在 / object not found: {key}")
        self.key = key


class ObjectRetained(ObjectStoreError):
    """The object is under retention: it may be neither replaced nor deleted yet."""

    code = StorageErrorCode.OBJECT_RETAINED

    def __init__(self, key: str, until: str) -> None:
        super().__init__(f"对象在保管期内，不能替换或删除（至 {until}）/ object retained until {until}: {key}")
        self.key = key


class InvalidObjectKey(ObjectStoreError):
    """A key or prefix that could escape its namespace or that a store cannot hold."""

    code = StorageErrorCode.INVALID_OBJECT_KEY

    def __init__(self, key: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(
            f"对象键无效（{reason_zh}）/ invalid object key ({reason_en}): {key!r}"
        )
        self.key = key


class InvalidContentType(ObjectStoreError):
    """A content type that is not a plain ``type/subtype`` media type."""

    code = StorageErrorCode.INVALID_CONTENT_TYPE

    def __init__(self, content_type: str) -> None:
        super().__init__(f"内容类型无效 / invalid content type: {content_type!r}")
        self.content_type = content_type


class ObjectStoreUnavailable(ObjectStoreError):
    """The store could not be reached or refused to work (network, disk, bucket, credentials)."""

    code = StorageErrorCode.STORE_UNAVAILABLE

    def __init__(self, detail: str) -> None:
        super().__init__(f"对象存储不可用 / object store unavailable: {detail}")
        self.detail = detail


class UrlSignatureError(ObjectStoreError):
    """Base of the reasons a signed download URL is refused."""


class InvalidSignature(UrlSignatureError):
    """The URL was not signed by this store, or was altered after signing."""

    code = StorageErrorCode.INVALID_SIGNATURE

    def __init__(self) -> None:
        super().__init__("下载链接签名无效 / invalid download link signature")


class SignatureExpired(UrlSignatureError):
    """The URL was signed by this store but its lifetime is over."""

    code = StorageErrorCode.SIGNATURE_EXPIRED

    def __init__(self) -> None:
        super().__init__("下载链接已过期 / download link has expired")
