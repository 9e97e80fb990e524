"""``GET /storage/{key}``: downloads through the local object store's signed URLs.

:meth:`fabu.storage.LocalObjectStore.presigned_url` mints relative URLs
``/storage/<key>?expires=<unix>&signature=<hex>``; this handler verifies them and streams the
object. The signature is the credential, so the route must stay outside session
authentication. With an S3 store, presigned URLs point at S3 itself and this route answers 404.

Wiring (done by the application, not here): register :func:`download_object` as a route
handler and put the store built by :func:`fabu.storage.build_object_store` on
``app.state.object_store``.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import (
    NotFoundException,
    PermissionDeniedException,
    ServiceUnavailableException,
)
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from fabu.storage import (
    InvalidObjectKey,
    LocalObjectStore,
    ObjectNotFound,
    ObjectStoreUnavailable,
    UrlSignatureError,
)

# Objects are user uploads: never let a browser sniff them into HTML or run their scripts on
# our origin, and never leak the signed URL to other sites through the Referer header.
_SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private",
}


@get("/storage/{key:path}", include_in_schema=False)
async def download_object(
    request: Request[Any, Any, Any],
    key: FromPath[str],
    expires: FromQuery[str | None] = None,
    signature: FromQuery[str | None] = None,
) -> Stream:
    """Stream the object at ``key`` if ``expires`` and ``signature`` were signed for it."""
    store = request.app.state.get("object_store")
    if not isinstance(store, LocalObjectStore):
        raise NotFoundException(
            detail="本服务不提供对象下载 / object downloads are not served here"
        )
    key = key.removeprefix("/")  # Litestar's path parameters keep their leading slash
    try:
        store.signer.verify(key, expires=expires, signature=signature)
        info, chunks = await store.open_stream(key)
    except (UrlSignatureError, InvalidObjectKey) as error:
        # A bad key can only come with a bad signature, since signing validates the key.
        raise PermissionDeniedException(detail=str(error)) from error
    except ObjectNotFound as error:
        raise NotFoundException(detail=str(error)) from error
    except ObjectStoreUnavailable as error:
        # The error's detail names disk paths or endpoints: for the log, not for the client.
        raise ServiceUnavailableException(
            detail="对象存储暂不可用 / object store unavailable"
        ) from error
    headers = {**_SAFE_HEADERS, "Content-Length": str(info.size)}
    return Stream(chunks, media_type=info.content_type, headers=headers)
