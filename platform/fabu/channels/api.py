"""The channel-plugin contract, version ``API_VERSION``: what a plugin declares, receives, returns and raises.

A plugin subclasses :class:`ChannelPlugin` and registers the class under the entry-point group
``fabu.channels``. Minor versions of this contract only add; a new major version may break plugins,
and the registry skips a plugin written for another major version. ``docs/channel-plugins.md``
explains every member; a test keeps the two in step.
"""

from __future__ import annotations

import hashlib
import logging
import re
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Flag, StrEnum, auto
from typing import Annotated, Any, ClassVar, Final, Generic, Protocol, TypeVar
from uuid import UUID

import httpx
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    JsonValue,
    SecretBytes,
    SecretStr,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

__all__ = [
    "API_VERSION",
    "ENTRY_POINT_GROUP",
    "Attachment",
    "AuthExpiredError",
    "Bilingual",
    "CallbackRequest",
    "CallbackResult",
    "CallbackUpdate",
    "Capability",
    "ChannelCache",
    "ChannelConfig",
    "ChannelContext",
    "ChannelError",
    "ChannelLimits",
    "ChannelPlugin",
    "Clock",
    "ConfigT",
    "FeedbackItem",
    "Finding",
    "MediaReader",
    "MediaRule",
    "Metrics",
    "NotSupportedError",
    "OutcomeUnknownError",
    "Preview",
    "Proof",
    "ProofKind",
    "ProofReceipt",
    "ProofRejectedError",
    "PublicationRef",
    "PublicationState",
    "PublishReceipt",
    "RateLimit",
    "ReleaseSnapshot",
    "Reminder",
    "RetryableChannelError",
    "Secret",
    "Severity",
    "StatusReport",
    "TerminalChannelError",
    "UpkeepReport",
    "is_compatible_api",
    "secret_fields",
]

API_VERSION: Final = "1.2"
"""The contract's version, ``MAJOR.MINOR``; minors only add, majors may break."""

ENTRY_POINT_GROUP: Final = "fabu.channels"
"""The entry-point group under which plugins register their :class:`ChannelPlugin` subclass."""

_VERSION_RE: Final = re.compile(r"^(\d+)\.(\d+)$")


def is_compatible_api(version: str) -> bool:
    """Whether a plugin written against ``version`` runs here: same major, minor not newer than ours."""
    theirs, ours = _VERSION_RE.match(version), _VERSION_RE.match(API_VERSION)
    if theirs is None or ours is None:
        return False
    return theirs[1] == ours[1] and int(theirs[2]) <= int(ours[2])


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True
    )


class Bilingual(_Frozen):
    """A user-facing text in Chinese and English; Chinese is shown first."""

    zh: str = Field(min_length=1)
    """The Chinese text."""
    en: str = Field(min_length=1)
    """The English text."""

    def __str__(self) -> str:
        """Both texts, Chinese first: ``"中文 / English"``."""
        return f"{self.zh} / {self.en}"


class Capability(Flag):
    """What a channel can do; each member names the :class:`ChannelPlugin` method that does it."""

    PUBLISH = auto()
    """Put a release on the channel (``publish``)."""
    UPDATE = auto()
    """Change a published release in place (``update``)."""
    RETRACT = auto()
    """Take a published release down (``retract``)."""
    STATUS = auto()
    """Read a publication's state, also to reconcile an unknown outcome (``status``)."""
    METRICS = auto()
    """Read views, likes, shares and comments counts (``metrics``)."""
    FEEDBACK = auto()
    """Read the public's comments (``feedback``)."""
    CALLBACK = auto()
    """Handle a request the channel pushes to Fabu, e.g. a publish-job result (``callback``); since 1.1."""
    PROOF = auto()
    """Accept a person's evidence that a publication went up or came down, e.g. a photo (``proof``); since 1.2."""
    UPKEEP = auto()
    """Do the channel's periodic work and list what people must do, e.g. remove expired notices (``upkeep``); since 1.2."""

    @property
    def method(self) -> str:
        """The name of the plugin method serving this single capability."""
        return (self.name or "").lower()


class Severity(StrEnum):
    """How much a finding matters."""

    ERROR = "error"
    """The release cannot go to this channel until fixed."""
    WARNING = "warning"
    """Shown to the publisher; publication may go ahead."""


class PublicationState(StrEnum):
    """Where a release stands on a channel."""

    PUBLISHED = "published"
    """Publicly visible."""
    PENDING = "pending"
    """Accepted, waiting for the channel's own review or processing."""
    FAILED = "failed"
    """The channel gave up on it (e.g. rejected in its review)."""
    RETRACTED = "retracted"
    """Taken down."""
    NOT_FOUND = "not_found"
    """The channel certainly has no such publication, so publishing again is safe."""
    UNKNOWN = "unknown"
    """The plugin cannot tell; a person must look."""


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``calls`` calls per ``per_seconds`` seconds, per tenant's account on the channel."""

    calls: int
    """How many calls the window allows."""
    per_seconds: float
    """The window's length in seconds."""
    capability: Capability | None = None
    """The calls it limits (``None``: all calls)."""


@dataclass(frozen=True, slots=True)
class MediaRule:
    """Attachments of these content types are accepted up to ``max_bytes`` each."""

    content_types: tuple[str, ...]
    """MIME types, exact (``"image/png"``) or a family (``"image/*"``)."""
    max_bytes: int
    """Largest accepted size of one attachment, in bytes."""

    def matches(self, content_type: str) -> bool:
        """Whether this rule covers ``content_type``."""
        family = content_type.split("/", 1)[0] + "/*"
        return content_type in self.content_types or family in self.content_types


@dataclass(frozen=True, slots=True)
class ChannelLimits:
    """The channel's limits, in characters and bytes; ``None`` means the channel sets none."""

    title_max: int | None = None
    """Longest title."""
    summary_max: int | None = None
    """Longest summary."""
    body_max: int | None = None
    """Longest body, counted on its plain text."""
    attachments_max: int | None = None
    """Most attachments on one release."""
    media: tuple[MediaRule, ...] | None = None
    """Accepted attachments (``None``: not checked; ``()``: none accepted)."""
    rate_limits: tuple[RateLimit, ...] = ()
    """Call rates the channel enforces; the pipeline throttles to them."""
    proof_media: tuple[MediaRule, ...] = (
        MediaRule(("image/jpeg", "image/png", "image/webp"), 20 * 1024 * 1024),
    )
    """Files the platform accepts as proofs before calling ``proof`` (default: photos up to 20 MiB); since 1.2."""


def _is_secret_type(annotation: Any) -> bool:
    if annotation in (SecretStr, SecretBytes):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, Annotated):
        return any(_is_secret_type(arg) for arg in typing.get_args(annotation))
    return False


def secret_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Names of ``model``'s secret fields: typed ``SecretStr``/``SecretBytes`` or marked ``"secret": True``."""
    names = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if _is_secret_type(info.annotation) or (
            isinstance(extra, dict) and extra.get("secret") is True
        ):
            names.append(name)
    return tuple(names)


Secret = Annotated[SecretStr, Field(json_schema_extra={"secret": True})]
"""The type of a secret config field: encrypted at rest, redacted in the API, marked in the JSON Schema."""


class ChannelConfig(BaseModel):
    """Base of a plugin's config model; its JSON Schema drives the settings form, secrets marked."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True
    )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The model's JSON Schema with ``"secret": true`` and ``"writeOnly": true`` on each secret field."""
        schema = handler(core_schema)
        properties = handler.resolve_ref_schema(schema).get("properties", {})
        for name in secret_fields(cls):
            field = properties.get(cls.model_fields[name].alias or name)
            if isinstance(field, dict):
                field.update(secret=True, writeOnly=True)
        return schema


ConfigT = TypeVar("ConfigT", bound=ChannelConfig)
"""The plugin's own config model."""


class Attachment(_Frozen):
    """A file attached to a release; read its bytes through ``ChannelContext.media``."""

    name: str
    """The file name shown to readers."""
    key: str
    """The object-store key to pass to ``MediaReader.read``."""
    content_type: str
    """MIME type, e.g. ``"application/pdf"``."""
    size: int = Field(ge=0)
    """Size in bytes."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Hex SHA-256 of the bytes."""


class ReleaseSnapshot(_Frozen):
    """The approved release as the pipeline hands it to a plugin: immutable, JSON-serializable."""

    release_id: UUID
    """The release's id in Fabu."""
    tenant_id: UUID
    """The unit (tenant) publishing it."""
    title: str
    """The title (标题)."""
    summary: str = ""
    """The summary (摘要)."""
    body_html: str
    """The body as sanitized HTML."""
    body_text: str
    """The body as plain text."""
    category: str = ""
    """The information category (信息类别), e.g. ``"通知公告"``."""
    index_number: str = ""
    """The government-information index number (索引号)."""
    department: str = ""
    """The publishing department (发布机构)."""
    published_at: AwareDatetime | None = None
    """The official publication time, if fixed."""
    attachments: tuple[Attachment, ...] = ()
    """The attachments, in order."""
    variant: dict[str, JsonValue] = Field(default_factory=dict)
    """This channel's variant fields (e.g. cover image key, short title), as the editor set them."""
    links: dict[str, str] = Field(default_factory=dict)
    """Other channels' published URLs by channel name, e.g. ``{"portal": "https://..."}``."""
    content_sha256: str = ""
    """SHA-256 of the approved version, as recorded with the approvals."""


class PublicationRef(_Frozen):
    """Which publication a call is about: the release and, once known, the channel's ids for it."""

    release_id: UUID
    """The release's id in Fabu."""
    tenant_id: UUID
    """The unit (tenant)."""
    title: str
    """The title, to find the publication on the channel when its ids are unknown."""
    attempted_at: AwareDatetime | None = None
    """When the publish attempt started, to narrow a search by time."""
    external_ids: dict[str, str] = Field(default_factory=dict)
    """The channel's ids from the receipt; empty when the publish outcome is unknown."""
    url: str | None = None
    """The public URL, if known."""

    @classmethod
    def for_release(
        cls, release: ReleaseSnapshot, attempted_at: datetime | None = None
    ) -> PublicationRef:
        """A reference without the channel's ids, e.g. to reconcile an unknown outcome."""
        return cls(
            release_id=release.release_id,
            tenant_id=release.tenant_id,
            title=release.title,
            attempted_at=attempted_at,
        )

    def with_ids(self, found: PublishReceipt | StatusReport) -> PublicationRef:
        """This reference completed with the ids and URL a receipt or status report carries."""
        return self.model_copy(
            update={
                "external_ids": dict(found.external_ids) or self.external_ids,
                "url": found.url or self.url,
            }
        )


class Finding(_Frozen):
    """One problem ``validate`` found: which field, a stable code and a message for people."""

    field: str = Field(min_length=1)
    """The release field, e.g. ``"title"`` or ``"attachments[1]"``."""
    code: str = Field(pattern=r"^[a-z][a-z0-9_.]*$")
    """A stable snake_case code, e.g. ``"title_too_long"``."""
    message: Bilingual
    """What is wrong and the rule, in Chinese and English."""
    severity: Severity = Severity.ERROR
    """Whether it blocks publication on this channel."""


class Preview(_Frozen):
    """How the release will look on the channel."""

    html: str = ""
    """An HTML rendering, safe to show in an iframe sandbox."""
    text: str = ""
    """A plain-text rendering, e.g. for a microblog."""

    @model_validator(mode="after")
    def _not_empty(self) -> Preview:
        if not (self.html or self.text):
            raise ValueError("预览不能为空 / a preview needs html or text")
        return self


class PublishReceipt(_Frozen):
    """What ``publish`` or ``update`` returns once the channel accepted the release."""

    state: PublicationState
    """``PUBLISHED``, or ``PENDING`` while the channel reviews it on its side."""
    external_ids: dict[str, str] = Field(default_factory=dict)
    """The channel's own ids for the publication (kept in the ledger; pass back via ``PublicationRef``)."""
    url: str | None = None
    """The public URL, once there is one."""
    published_at: AwareDatetime | None = None
    """When the channel says it went live."""
    raw: dict[str, JsonValue] = Field(default_factory=dict)
    """A summary of the channel's response for the ledger; never credentials."""

    @model_validator(mode="after")
    def _accepted(self) -> PublishReceipt:
        if self.state not in (PublicationState.PUBLISHED, PublicationState.PENDING):
            raise ValueError(
                "回执状态只能是 published 或 pending / a receipt is published or pending"
            )
        return self


class StatusReport(_Frozen):
    """What ``status`` and ``retract`` return."""

    state: PublicationState
    """Where the publication stands."""
    message: str = ""
    """The channel's own words, if any (e.g. its review verdict)."""
    external_ids: dict[str, str] = Field(default_factory=dict)
    """The channel's ids, filled in when ``status`` found the publication by searching."""
    url: str | None = None
    """The public URL, if known."""


class Metrics(_Frozen):
    """Reach of a publication at one moment; ``None`` where the channel does not count it."""

    measured_at: AwareDatetime
    """When the channel reported these numbers."""
    views: int | None = None
    """Reads or views."""
    likes: int | None = None
    """Likes."""
    shares: int | None = None
    """Shares or reposts."""
    comments: int | None = None
    """Comments."""
    extra: dict[str, float] = Field(default_factory=dict)
    """Channel-specific counters by name."""


class FeedbackItem(_Frozen):
    """One comment from the public."""

    external_id: str
    """The channel's id of the comment, to deduplicate."""
    author: str
    """The commenter's display name."""
    text: str
    """The comment."""
    created_at: AwareDatetime
    """When it was posted."""
    reply_to: str | None = None
    """The ``external_id`` it answers, if a reply."""


class CallbackRequest(_Frozen):
    """A request the channel pushed to Fabu's callback route, handed to ``callback`` as received."""

    method: str
    """The HTTP method, upper case, e.g. ``"POST"``."""
    query: dict[str, str] = Field(default_factory=dict)
    """The query parameters (the first value of each)."""
    headers: dict[str, str] = Field(default_factory=dict)
    """The request headers, names in lower case."""
    body: bytes = b""
    """The raw request body."""


class CallbackUpdate(_Frozen):
    """News about one publication that a callback carried."""

    external_ids: dict[str, str]
    """The channel's ids naming the publication, as in its receipt (e.g. ``{"publish_id": "..."}``)."""
    report: StatusReport
    """Where the publication now stands."""


class CallbackResult(_Frozen):
    """What ``callback`` returns: the answer for the channel, and the status updates to record."""

    status_code: int = Field(default=200, ge=100, le=599)
    """The HTTP status to answer with (4xx for a request that failed verification)."""
    body: bytes = b""
    """The response body the channel expects, e.g. ``b"success"``."""
    content_type: str = "text/plain; charset=utf-8"
    """The response's content type."""
    updates: tuple[CallbackUpdate, ...] = ()
    """Status updates, each keyed by the channel's ids; empty for a request that failed verification."""


class ProofKind(StrEnum):
    """What a proof shows about a publication; since 1.2."""

    POSTED = "posted"
    """It is up where the public sees it, e.g. a photo of the notice on the board or the screen."""
    REMOVED = "removed"
    """It was taken down, e.g. a photo of the empty spot after the posting period."""


class Proof(_Frozen):
    """Evidence a person submits about one publication: a file, usually a photo, and what it shows; since 1.2."""

    kind: ProofKind
    """What it shows."""
    content: bytes = Field(min_length=1, repr=False)
    """The file's bytes, already checked by the platform against ``limits.proof_media``."""
    content_type: str
    """Its MIME type, e.g. ``"image/jpeg"``."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Hex SHA-256 of ``content``; the platform keeps the file under it."""
    taken_at: AwareDatetime | None = None
    """When the photo was taken, if the person said."""
    note: str = ""
    """The person's remark, e.g. which board it hangs on."""

    @model_validator(mode="after")
    def _hash_matches(self) -> Proof:
        if hashlib.sha256(self.content).hexdigest() != self.sha256:
            raise ValueError("sha256 与文件内容不符 / sha256 does not match the content")
        return self

    @classmethod
    def of(
        cls, kind: ProofKind, content: bytes, content_type: str, **fields: Any
    ) -> Proof:
        """A proof of ``content``, its hash computed; keyword arguments set the other fields."""
        return cls(
            kind=kind,
            content=content,
            content_type=content_type,
            sha256=hashlib.sha256(content).hexdigest(),
            **fields,
        )


class ProofReceipt(_Frozen):
    """What ``proof`` returns once the channel accepted a proof; since 1.2."""

    state: PublicationState
    """Where the publication stands with this proof, e.g. ``RETRACTED`` once its removal is proven."""
    message: Bilingual
    """What the proof established, for people, e.g. 已张贴 / posted."""
    details: dict[str, JsonValue] = Field(default_factory=dict)
    """What the ledger keeps besides the file's key and hash (e.g. the revision shown); never credentials."""


class Reminder(_Frozen):
    """Something a person must do about a publication by a time, e.g. take a notice down; since 1.2."""

    key: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")
    """Stable across runs while it is the same thing to do, so people are reminded once, e.g. ``"remove:<id>"``."""
    release_id: UUID
    """The release it is about."""
    due_at: AwareDatetime
    """When it must be done by; in the past when it is overdue."""
    message: Bilingual
    """What to do, for people."""
    settled_by: ProofKind | None = None
    """The proof that settles it (e.g. ``REMOVED``), if a proof does."""


class UpkeepReport(_Frozen):
    """What ``upkeep`` returns: the reminders standing now and a summary of the work done; since 1.2."""

    reminders: tuple[Reminder, ...] = ()
    """Every reminder that stands now; repeat each one on every run until it is done."""
    summary: dict[str, JsonValue] = Field(default_factory=dict)
    """What the run did, for the logs, e.g. ``{"on_screen": 3}``."""


class ChannelCache(Protocol):
    """A small key-value cache shared by every worker, namespaced per tenant and channel by the platform."""

    async def get(self, key: str) -> str | None:
        """The value under ``key``, or ``None`` if absent or expired."""
        ...

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        """Store ``value`` under ``key`` for ``ttl`` seconds, replacing any value."""
        ...

    async def add(self, key: str, value: str, *, ttl: float) -> bool:
        """Store ``value`` for ``ttl`` seconds only if ``key`` is absent, atomically; whether it stored."""
        ...

    async def delete(self, key: str, *, expected: str | None = None) -> bool:
        """Remove ``key`` (only while it holds ``expected``, if given), atomically; whether it removed."""
        ...


class MediaReader(Protocol):
    """Read access to a release's attachments."""

    async def read(self, key: str) -> bytes:
        """The bytes stored under ``key``; raises ``KeyError`` if there are none."""
        ...


Clock = Callable[[], datetime]
"""Returns the current time as an aware UTC datetime."""


@dataclass(frozen=True, slots=True)
class ChannelContext(Generic[ConfigT]):
    """Everything a call may use; a plugin never touches the database."""

    tenant_id: UUID
    """The unit the call is for."""
    config: ConfigT
    """The tenant's config for this channel, secrets decrypted."""
    http: httpx.AsyncClient
    """The HTTP client, with timeouts set; make every request through it."""
    media: MediaReader
    """Reads attachment bytes by key."""
    clock: Clock
    """The current time; use it instead of ``datetime.now``."""
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger]
    """Where to log; never log secrets."""
    cache: ChannelCache | None = None
    """A cache shared across workers for this tenant and channel, e.g. for access tokens; since 1.1."""


class ChannelError(Exception):
    """Base of the errors a plugin raises; any other exception counts as a bug (see the guide)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        """What happened, in the channel's or the plugin's words."""


class RetryableChannelError(ChannelError):
    """The call certainly had no effect and may succeed later (refused connection, HTTP 429)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds the channel asked to wait, if it said."""


class TerminalChannelError(ChannelError):
    """The channel refused the call for good; retrying the same call will not help."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        """The channel's own error code."""
        self.message = message


class OutcomeUnknownError(ChannelError):
    """The request may have taken effect (e.g. a timeout after sending): reconcile via ``status``."""


class AuthExpiredError(ChannelError):
    """The channel rejected the credentials; nothing happened, and a person must renew the config."""


class NotSupportedError(ChannelError):
    """The plugin does not declare the capability that was called."""

    def __init__(self, channel: str, capability: Capability) -> None:
        super().__init__(
            f"渠道 {channel} 不支持 {capability.method} 操作 / channel {channel} does not support {capability.method}"
        )
        self.capability = capability
        """The capability that was called."""


class ProofRejectedError(ChannelError):
    """The channel refused a proof a person can fix (wrong file, a kind that does not fit); since 1.2."""

    def __init__(self, code: str, reason: Bilingual, *, field: str | None = None) -> None:
        super().__init__(str(reason))
        self.code = code
        """A stable snake_case code, e.g. ``"notice_withdrawn"``."""
        self.reason = reason
        """Why, in Chinese and English, shown to the person."""
        self.field = field
        """The :class:`Proof` field at fault (``"content"``, ``"kind"``, ...); ``None`` when it is the publication."""


class ChannelPlugin(ABC, Generic[ConfigT]):
    """Base class of a channel plugin; one stateless instance serves every tenant."""

    api_version: ClassVar[str] = API_VERSION
    """The contract version the plugin was written against; leave the default."""
    name: ClassVar[str]
    """Stable machine name, equal to the entry-point name, e.g. ``"wechat"``."""
    display_name: ClassVar[Bilingual]
    """The channel's name for people, e.g. 微信公众号 / WeChat Official Account."""
    capabilities: ClassVar[Capability]
    """What the plugin implements; every other call raises :class:`NotSupportedError`."""
    limits: ClassVar[ChannelLimits] = ChannelLimits()
    """The channel's limits, checked by ``validate`` and the pipeline's throttle."""
    config_model: type[ConfigT]
    """The plugin's :class:`ChannelConfig` subclass."""

    def config_schema(self) -> dict[str, Any]:
        """The config model's JSON Schema for settings forms, secret fields marked."""
        return self.config_model.model_json_schema()

    @abstractmethod
    def validate(self, release: ReleaseSnapshot) -> list[Finding]:
        """What keeps ``release`` off this channel, or is worth a warning; empty when all is well."""

    @abstractmethod
    def render(self, release: ReleaseSnapshot) -> Preview:
        """How ``release`` will look on the channel."""

    async def publish(
        self, ctx: ChannelContext[ConfigT], release: ReleaseSnapshot
    ) -> PublishReceipt:
        """Put ``release`` on the channel once; raise an error of the taxonomy on failure."""
        raise NotSupportedError(self.name, Capability.PUBLISH)

    async def update(
        self,
        ctx: ChannelContext[ConfigT],
        release: ReleaseSnapshot,
        ref: PublicationRef,
    ) -> PublishReceipt:
        """Replace the content of the publication ``ref`` with ``release``."""
        raise NotSupportedError(self.name, Capability.UPDATE)

    async def retract(
        self, ctx: ChannelContext[ConfigT], ref: PublicationRef
    ) -> StatusReport:
        """Take the publication ``ref`` down; report ``RETRACTED`` or ``PENDING``."""
        raise NotSupportedError(self.name, Capability.RETRACT)

    async def status(
        self, ctx: ChannelContext[ConfigT], ref: PublicationRef
    ) -> StatusReport:
        """Where ``ref`` stands; without ids, search for it and say ``NOT_FOUND`` only when certain."""
        raise NotSupportedError(self.name, Capability.STATUS)

    async def metrics(
        self, ctx: ChannelContext[ConfigT], ref: PublicationRef
    ) -> Metrics:
        """The publication's current reach."""
        raise NotSupportedError(self.name, Capability.METRICS)

    async def feedback(
        self,
        ctx: ChannelContext[ConfigT],
        ref: PublicationRef,
        since: datetime | None = None,
    ) -> list[FeedbackItem]:
        """The public's comments on ``ref`` posted after ``since`` (all when ``None``), oldest first."""
        raise NotSupportedError(self.name, Capability.FEEDBACK)

    async def callback(
        self, ctx: ChannelContext[ConfigT], request: CallbackRequest
    ) -> CallbackResult:
        """Verify and handle a request the channel pushed; answer it and report the status updates it carries."""
        raise NotSupportedError(self.name, Capability.CALLBACK)

    async def proof(
        self, ctx: ChannelContext[ConfigT], ref: PublicationRef, proof: Proof
    ) -> ProofReceipt:
        """Accept ``proof`` for the publication ``ref``; the same proof again gives the same receipt."""
        raise NotSupportedError(self.name, Capability.PROOF)

    async def upkeep(self, ctx: ChannelContext[ConfigT]) -> UpkeepReport:
        """Do the channel's periodic work for the tenant (at least daily, safe to repeat); list the standing reminders."""
        raise NotSupportedError(self.name, Capability.UPKEEP)
