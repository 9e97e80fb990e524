"""The conformance suite: contract tests a plugin author runs by subclassing :class:`ChannelConformance`."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import httpx
import pytest
from pydantic import SecretStr

from fabu.channels.api import (
    CallbackRequest,
    CallbackResult,
    Capability,
    ChannelConfig,
    ChannelContext,
    ChannelPlugin,
    FeedbackItem,
    Finding,
    Metrics,
    NotSupportedError,
    Preview,
    Proof,
    ProofKind,
    ProofReceipt,
    ProofRejectedError,
    PublicationRef,
    PublicationState,
    PublishReceipt,
    ReleaseSnapshot,
    Severity,
    StatusReport,
    UpkeepReport,
    secret_fields,
)
from fabu.channels.context import open_context
from fabu.channels.contract import (
    api_version_problems,
    bilingual_problems,
    capability_problems,
    config_problems,
    metadata_problems,
)
from fabu.channels.secrets import KeyRing, merge_config, new_key, redacted, split_config
from fabu.channels.testing._fakes import SAMPLE_IMAGE, SAMPLE_TENANT_ID, InMemoryMedia

__all__ = ["ChannelConformance"]

Plugin = ChannelPlugin[Any]
Context = ChannelContext[Any]
_LIVE = {PublicationState.PUBLISHED, PublicationState.PENDING}


def _texts(problems: list[Any]) -> list[str]:
    return [str(problem) for problem in problems]


def _require(plugin: Plugin, *capabilities: Capability) -> None:
    missing = [cap.method for cap in capabilities if cap not in plugin.capabilities]
    if missing:
        pytest.skip(f"渠道未声明 / channel does not declare: {', '.join(missing)}")


class ChannelConformance:
    """Contract tests for one plugin; subclass it as ``class TestMyChannel(ChannelConformance): ...``.

    The tests use the fixtures ``channel_plugin``, ``channel_config``, ``channel_release`` and
    ``channel_context``; see :mod:`fabu.channels.testing` for their defaults and how to override them.
    """

    def test_metadata_is_declared_and_bilingual(self, channel_plugin: Plugin) -> None:
        """Name, display names in Chinese and English, capabilities and limits are declared."""
        assert _texts(metadata_problems(channel_plugin)) == []

    def test_api_version_is_compatible(self, channel_plugin: Plugin) -> None:
        """The plugin targets this SDK's API major version, and no newer minor."""
        assert _texts(api_version_problems(channel_plugin)) == []

    def test_config_model_renders_json_schema_with_secrets_marked(
        self, channel_plugin: Plugin
    ) -> None:
        """The config model renders as a JSON object schema marking every secret field."""
        assert _texts(config_problems(channel_plugin)) == []
        schema = channel_plugin.config_schema()
        assert schema.get("type") == "object"
        json.dumps(schema)

    def test_secrets_round_trip_encrypted_and_never_shown(
        self, channel_plugin: Plugin, channel_config: ChannelConfig
    ) -> None:
        """Secrets survive encryption at rest and never appear in the redacted config."""
        ring, context = KeyRing.from_setting(new_key()), b"conformance"
        sealed = split_config(
            channel_config, channel_plugin.config_model, ring, context=context
        )
        assert (
            merge_config(sealed, channel_plugin.config_model, ring, context=context)
            == channel_config
        )
        shown = (
            json.dumps(redacted(channel_config), ensure_ascii=False)
            + sealed.model_dump_json()
        )
        for name in secret_fields(type(channel_config)):
            value = getattr(channel_config, name)
            plain = value.get_secret_value() if isinstance(value, SecretStr) else value
            if plain:
                assert str(plain) not in shown, f"secret field {name} leaks"

    def test_declared_capabilities_are_implemented(
        self, channel_plugin: Plugin
    ) -> None:
        """Every declared capability's method is overridden."""
        assert _texts(capability_problems(channel_plugin)) == []

    @pytest.mark.asyncio
    async def test_undeclared_capabilities_raise_not_supported(
        self, channel_plugin: Plugin, channel_release: ReleaseSnapshot
    ) -> None:
        """Calling a capability the plugin does not declare raises NotSupportedError, without any request."""
        requests: list[httpx.Request] = []

        def refuse(request: httpx.Request) -> httpx.Response:
            requests.append(request)
            return httpx.Response(599)

        ref = PublicationRef.for_release(channel_release)
        model: type[ChannelConfig] = channel_plugin.config_model
        config = model.model_construct()
        async with open_context(
            tenant_id=SAMPLE_TENANT_ID,
            config=config,
            media=InMemoryMedia(),
            transport=httpx.MockTransport(refuse),
        ) as ctx:
            calls: dict[Capability, Callable[[], Awaitable[object]]] = {
                Capability.PUBLISH: lambda: channel_plugin.publish(
                    ctx, channel_release
                ),
                Capability.UPDATE: lambda: channel_plugin.update(
                    ctx, channel_release, ref
                ),
                Capability.RETRACT: lambda: channel_plugin.retract(ctx, ref),
                Capability.STATUS: lambda: channel_plugin.status(ctx, ref),
                Capability.METRICS: lambda: channel_plugin.metrics(ctx, ref),
                Capability.FEEDBACK: lambda: channel_plugin.feedback(ctx, ref),
                Capability.CALLBACK: lambda: channel_plugin.callback(
                    ctx, CallbackRequest(method="POST")
                ),
                Capability.PROOF: lambda: channel_plugin.proof(
                    ctx, ref, Proof.of(ProofKind.POSTED, SAMPLE_IMAGE, "image/png")
                ),
                Capability.UPKEEP: lambda: channel_plugin.upkeep(ctx),
            }
            for capability, call in calls.items():
                if capability not in channel_plugin.capabilities:
                    with pytest.raises(NotSupportedError):
                        await call()
        assert requests == []

    def test_validate_accepts_the_sample_release(
        self, channel_plugin: Plugin, channel_release: ReleaseSnapshot
    ) -> None:
        """The sample release (override ``channel_release`` to fit the channel) has no error findings."""
        findings = channel_plugin.validate(channel_release)
        assert all(isinstance(finding, Finding) for finding in findings)
        assert [str(f.message) for f in findings if f.severity is Severity.ERROR] == []

    def test_validate_flags_an_overlong_title(
        self, channel_plugin: Plugin, channel_release: ReleaseSnapshot
    ) -> None:
        """A title one character over the limit gives a well-formed, bilingual error on ``title``."""
        maximum = channel_plugin.limits.title_max
        if maximum is None:
            pytest.skip("渠道未声明标题长度上限 / the channel declares no title limit")
        findings = channel_plugin.validate(
            channel_release.model_copy(update={"title": "题" * (maximum + 1)})
        )
        assert all(isinstance(finding, Finding) for finding in findings)
        title_errors = [
            f for f in findings if f.field == "title" and f.severity is Severity.ERROR
        ]
        assert title_errors, (
            "an over-long title must give an error finding on field 'title'"
        )
        for finding in findings:
            assert (
                _texts(bilingual_problems(f"finding {finding.code}", finding.message))
                == []
            )

    def test_render_returns_a_preview(
        self, channel_plugin: Plugin, channel_release: ReleaseSnapshot
    ) -> None:
        """``render`` returns a non-empty Preview."""
        preview = channel_plugin.render(channel_release)
        assert isinstance(preview, Preview)
        assert preview.html or preview.text

    @pytest.mark.asyncio
    async def test_publish_then_status_round_trip(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """Publishing returns a receipt, and ``status`` then reports the publication live."""
        _require(channel_plugin, Capability.PUBLISH)
        receipt = await channel_plugin.publish(channel_context, channel_release)
        assert isinstance(receipt, PublishReceipt)
        if Capability.STATUS in channel_plugin.capabilities:
            ref = PublicationRef.for_release(channel_release).with_ids(receipt)
            report = await channel_plugin.status(channel_context, ref)
            assert isinstance(report, StatusReport)
            assert report.state in _LIVE

    @pytest.mark.asyncio
    async def test_status_without_ids_never_denies_a_publication(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """Reconciling by release (no channel ids) finds a publication or says UNKNOWN, never NOT_FOUND."""
        _require(channel_plugin, Capability.PUBLISH, Capability.STATUS)
        await channel_plugin.publish(channel_context, channel_release)
        report = await channel_plugin.status(
            channel_context, PublicationRef.for_release(channel_release)
        )
        assert report.state in {*_LIVE, PublicationState.UNKNOWN}

    @pytest.mark.asyncio
    async def test_update_returns_a_receipt(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """Updating a publication returns a receipt for it."""
        _require(channel_plugin, Capability.PUBLISH, Capability.UPDATE)
        ref = PublicationRef.for_release(channel_release).with_ids(
            await channel_plugin.publish(channel_context, channel_release)
        )
        changed = channel_release.model_copy(
            update={"summary": channel_release.summary + "（更新）"}
        )
        assert isinstance(
            await channel_plugin.update(channel_context, changed, ref), PublishReceipt
        )

    @pytest.mark.asyncio
    async def test_retract_then_status_reports_retracted(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """Retracting reports RETRACTED (or PENDING), and so does ``status`` afterwards."""
        _require(channel_plugin, Capability.PUBLISH, Capability.RETRACT)
        ref = PublicationRef.for_release(channel_release).with_ids(
            await channel_plugin.publish(channel_context, channel_release)
        )
        done = {PublicationState.RETRACTED, PublicationState.PENDING}
        assert (await channel_plugin.retract(channel_context, ref)).state in done
        if Capability.STATUS in channel_plugin.capabilities:
            assert (await channel_plugin.status(channel_context, ref)).state in done

    @pytest.mark.asyncio
    async def test_metrics_and_feedback_are_well_formed(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """``metrics`` returns Metrics and ``feedback`` a list of FeedbackItem, where declared."""
        _require(channel_plugin, Capability.PUBLISH)
        if not channel_plugin.capabilities & (Capability.METRICS | Capability.FEEDBACK):
            pytest.skip(
                "渠道未声明 metrics 或 feedback / the channel declares neither metrics nor feedback"
            )
        ref = PublicationRef.for_release(channel_release).with_ids(
            await channel_plugin.publish(channel_context, channel_release)
        )
        if Capability.METRICS in channel_plugin.capabilities:
            assert isinstance(
                await channel_plugin.metrics(channel_context, ref), Metrics
            )
        if Capability.FEEDBACK in channel_plugin.capabilities:
            items = await channel_plugin.feedback(channel_context, ref)
            assert isinstance(items, list)
            assert all(isinstance(item, FeedbackItem) for item in items)

    @pytest.mark.asyncio
    async def test_callback_refuses_a_request_it_cannot_verify(
        self, channel_plugin: Plugin, channel_context: Context
    ) -> None:
        """A pushed request without the channel's signature is answered 4xx and changes nothing."""
        _require(channel_plugin, Capability.CALLBACK)
        forged = CallbackRequest(
            method="POST",
            query={"timestamp": "1700000000", "nonce": "1", "signature": "0" * 40},
            headers={"content-type": "text/xml"},
            body=b"<xml><Event><![CDATA[PUBLISHJOBFINISH]]></Event></xml>",
        )
        result = await channel_plugin.callback(channel_context, forged)
        assert isinstance(result, CallbackResult)
        assert 400 <= result.status_code < 500
        assert result.updates == ()

    @pytest.mark.asyncio
    async def test_a_proof_is_accepted_once_and_repeating_it_changes_nothing(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """A photo proving the publication is up gives a receipt with a bilingual message; the same photo again, the same receipt."""
        _require(channel_plugin, Capability.PUBLISH, Capability.PROOF)
        ref = PublicationRef.for_release(channel_release).with_ids(
            await channel_plugin.publish(channel_context, channel_release)
        )
        proof = Proof.of(ProofKind.POSTED, SAMPLE_IMAGE, "image/png")
        receipt = await channel_plugin.proof(channel_context, ref, proof)
        assert isinstance(receipt, ProofReceipt)
        assert _texts(bilingual_problems("receipt.message", receipt.message)) == []
        json.dumps(receipt.details)
        assert await channel_plugin.proof(channel_context, ref, proof) == receipt

    @pytest.mark.asyncio
    async def test_a_proof_for_an_unknown_publication_is_rejected(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """A proof about a publication the channel does not have raises ProofRejectedError with a bilingual reason."""
        _require(channel_plugin, Capability.PROOF)
        unknown = channel_release.model_copy(update={"release_id": uuid4()})
        proof = Proof.of(ProofKind.POSTED, SAMPLE_IMAGE, "image/png")
        with pytest.raises(ProofRejectedError) as caught:
            await channel_plugin.proof(
                channel_context, PublicationRef.for_release(unknown), proof
            )
        assert _texts(bilingual_problems("error.reason", caught.value.reason)) == []

    @pytest.mark.asyncio
    async def test_upkeep_is_repeatable_and_its_reminders_are_well_formed(
        self,
        channel_plugin: Plugin,
        channel_context: Context,
        channel_release: ReleaseSnapshot,
    ) -> None:
        """``upkeep`` returns an UpkeepReport; run twice, it lists the same reminders, each keyed once and bilingual."""
        _require(channel_plugin, Capability.UPKEEP)
        if Capability.PUBLISH in channel_plugin.capabilities:
            await channel_plugin.publish(channel_context, channel_release)
        first = await channel_plugin.upkeep(channel_context)
        second = await channel_plugin.upkeep(channel_context)
        assert isinstance(first, UpkeepReport)
        keys = [reminder.key for reminder in first.reminders]
        assert len(keys) == len(set(keys)), "reminder keys must be unique"
        assert keys == [reminder.key for reminder in second.reminders]
        for reminder in first.reminders:
            assert _texts(bilingual_problems(f"reminder {reminder.key}", reminder.message)) == []
        json.dumps(first.summary)
