"""Signed download URLs of the local store."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from fabu.storage import InvalidSignature, SignatureExpired, UrlSigner

from .support import SECRET, Clock


def parse(url: str) -> tuple[str, str, str]:
    """The key, expires and signature of a signed URL."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return (
        unquote(parts.path.removeprefix("/storage/")),
        query["expires"][0],
        query["signature"][0],
    )


def test_url_is_relative_and_names_key_expiry_and_signature(
    signer: UrlSigner, clock: Clock
) -> None:
    url = signer.sign("报告/a b.pdf", expires=timedelta(minutes=5))

    key, expires, signature = parse(url)
    assert url.startswith("/storage/%E6%8A%A5%E5%91%8A/a%20b.pdf?expires=")
    assert key == "报告/a b.pdf"
    assert int(expires) == int((clock.now + timedelta(minutes=5)).timestamp())
    assert len(signature) == 64
    assert int(signature, 16) >= 0


def test_a_signed_url_verifies_until_it_expires(
    signer: UrlSigner, clock: Clock
) -> None:
    key, expires, signature = parse(signer.sign("a/b", expires=timedelta(seconds=60)))

    clock.advance(timedelta(seconds=59))
    signer.verify(key, expires=expires, signature=signature)

    clock.advance(timedelta(seconds=1))
    with pytest.raises(
        SignatureExpired, match="下载链接已过期 / download link has expired"
    ):
        signer.verify(key, expires=expires, signature=signature)


def test_a_tampered_signature_is_refused(signer: UrlSigner) -> None:
    key, expires, signature = parse(signer.sign("a/b", expires=timedelta(minutes=1)))
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]

    with pytest.raises(
        InvalidSignature, match="下载链接签名无效 / invalid download link"
    ):
        signer.verify(key, expires=expires, signature=flipped)


def test_a_signature_does_not_open_another_key(signer: UrlSigner) -> None:
    _, expires, signature = parse(signer.sign("a/b", expires=timedelta(minutes=1)))

    with pytest.raises(InvalidSignature):
        signer.verify("a/c", expires=expires, signature=signature)


def test_a_later_expiry_cannot_be_substituted(signer: UrlSigner) -> None:
    key, expires, signature = parse(signer.sign("a/b", expires=timedelta(minutes=1)))

    with pytest.raises(InvalidSignature):
        signer.verify(key, expires=str(int(expires) + 3600), signature=signature)


def test_an_expired_url_with_a_bad_signature_reads_as_invalid(
    signer: UrlSigner, clock: Clock
) -> None:
    key, expires, _ = parse(signer.sign("a/b", expires=timedelta(minutes=1)))
    clock.advance(timedelta(hours=1))

    with pytest.raises(InvalidSignature):
        signer.verify(key, expires=expires, signature="0" * 64)


def test_another_secret_does_not_verify(signer: UrlSigner, clock: Clock) -> None:
    other = UrlSigner(SECRET + "-other", clock=clock)
    key, expires, signature = parse(other.sign("a/b", expires=timedelta(minutes=1)))

    with pytest.raises(InvalidSignature):
        signer.verify(key, expires=expires, signature=signature)


@pytest.mark.parametrize(
    ("expires", "signature"),
    [
        (None, "0" * 64),
        ("1", None),
        (None, None),
        ("", "0" * 64),
        ("-5", "0" * 64),
        ("1e9", "0" * 64),
        ("9" * 50, "0" * 64),
        ("١٢٣", "0" * 64),  # non-ASCII digits that int() would accept
        ("1", "签名"),
        ("1", ""),
    ],
)
def test_missing_or_malformed_values_are_refused(
    signer: UrlSigner, expires: str | None, signature: str | None
) -> None:
    with pytest.raises(InvalidSignature):
        signer.verify("a/b", expires=expires, signature=signature)


def test_short_secrets_are_refused() -> None:
    with pytest.raises(ValueError, match="32"):
        UrlSigner("too-short")
