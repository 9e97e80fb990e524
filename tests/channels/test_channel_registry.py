"""Plugin discovery: real entry points of tiny installed distributions; a broken plugin is skipped, never fatal."""

from __future__ import annotations

import logging
import textwrap
import unicodedata
from pathlib import Path
from uuid import uuid4

import pytest

from fabu.channels.registry import (
    Registry,
    SkipReason,
    UnknownChannelError,
    discover,
    format_plugin_table,
    load_plugin,
)

PLUGIN = """
from fabu.channels import Bilingual, Capability, ChannelConfig, ChannelPlugin, Preview


class Config(ChannelConfig):
    pass


class Plugin(ChannelPlugin[Config]):
    name = {name!r}
    display_name = Bilingual(zh="测试渠道", en="Test channel")
    capabilities = Capability(0)
    config_model = Config
{extra}
    def validate(self, release):
        return []

    def render(self, release):
        return Preview(text=release.title)
"""


class Site:
    """A directory on ``sys.path`` into which tests install tiny distributions with entry points."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def install(
        self, entry_points: dict[str, str], source: str = "", *, version: str = "1.2.3"
    ) -> str:
        """Install a distribution whose module holds ``source``; entry-point values use ``{module}``."""
        module = f"fake_channel_{uuid4().hex[:10]}"
        dist = module.replace("_", "-")
        (self.root / f"{module}.py").write_text(textwrap.dedent(source))
        info = self.root / f"{module}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
        )
        lines = [
            f"{name} = {value.format(module=module)}"
            for name, value in entry_points.items()
        ]
        (info / "entry_points.txt").write_text(
            "[fabu.channels]\n" + "\n".join(lines) + "\n"
        )
        return dist

    def plugin(
        self, name: str, extra: str = "", *, entry_point: str | None = None
    ) -> str:
        """Install a plugin class named ``name`` (registered as ``entry_point``, default ``name``)."""
        source = PLUGIN.format(
            name=name, extra=textwrap.indent(textwrap.dedent(extra), "    ")
        )
        return self.install({entry_point or name: "{module}:Plugin"}, source)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.syspath_prepend(str(tmp_path))
    return Site(tmp_path)


def test_a_valid_plugin_is_loaded_with_its_distribution_and_version(site: Site) -> None:
    dist = site.plugin("alpha")

    registry = discover()

    loaded = registry.plugins["alpha"]
    assert (loaded.distribution, loaded.version) == (dist, "1.2.3")
    assert registry.get("alpha") is loaded.plugin
    assert "alpha" in registry


def test_the_built_in_loopback_plugin_is_found_through_its_entry_point() -> None:
    assert load_plugin("loopback").name == "loopback"
    assert discover().plugins["loopback"].distribution == "fabu-channel-loopback"


@pytest.mark.parametrize(
    ("source", "target", "reason", "detail"),
    [
        (
            "import fabu_no_such_module\n",
            "{module}:Plugin",
            SkipReason.IMPORT_FAILED,
            "ModuleNotFoundError",
        ),
        (
            "raise RuntimeError('boom at import')\n",
            "{module}:Plugin",
            SkipReason.IMPORT_FAILED,
            "boom at import",
        ),
        ("X = 1\n", "{module}:Missing", SkipReason.IMPORT_FAILED, "AttributeError"),
        (
            "import sys\nsys.exit(3)\n",
            "{module}:Plugin",
            SkipReason.IMPORT_FAILED,
            "SystemExit",
        ),
        (
            "class Plugin:\n    name = 'broken'\n",
            "{module}:Plugin",
            SkipReason.NOT_A_PLUGIN,
            "Plugin",
        ),
        ("plugin = object()\n", "{module}:plugin", SkipReason.NOT_A_PLUGIN, "object"),
    ],
    ids=[
        "missing-import",
        "raises",
        "missing-attribute",
        "exits",
        "plain-class",
        "plain-object",
    ],
)
def test_an_entry_point_that_cannot_give_a_plugin_is_skipped_with_the_reason(
    site: Site, source: str, target: str, reason: SkipReason, detail: str
) -> None:
    site.install({"broken": target}, source)
    site.plugin("alpha")

    registry = discover()

    (skipped,) = [skip for skip in registry.skipped if skip.name == "broken"]
    assert skipped.reason is reason
    assert detail in skipped.detail
    assert "alpha" in registry.plugins


@pytest.mark.parametrize("version", ["2.0", "1.9", "one", "0.9"])
def test_a_plugin_for_another_api_version_is_skipped(site: Site, version: str) -> None:
    site.plugin("future", f"api_version = {version!r}\n")

    (skipped,) = discover().skipped

    assert skipped.reason is SkipReason.INCOMPATIBLE_API
    assert version in skipped.detail


def test_a_plugin_whose_constructor_raises_is_skipped(site: Site) -> None:
    site.plugin(
        "fragile", "def __init__(self):\n    raise ValueError('needs arguments')\n"
    )

    (skipped,) = discover().skipped

    assert skipped.reason is SkipReason.INSTANTIATION_FAILED
    assert "needs arguments" in skipped.detail


def test_an_abstract_plugin_is_skipped_as_not_instantiable(site: Site) -> None:
    source = PLUGIN.format(name="abstract", extra="").split("    def validate")[0]
    site.install({"abstract": "{module}:Plugin"}, source)

    (skipped,) = discover().skipped

    assert skipped.reason is SkipReason.INSTANTIATION_FAILED


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ("display_name = Bilingual(zh='Test', en='Test')\n", "display_name.zh"),
        ("capabilities = Capability.PUBLISH\n", "publish"),
        ("config_model = dict\n", "config_model"),
        ("limits = {'title_max': 10}\n", "limits"),
    ],
    ids=[
        "english-only-name",
        "declared-not-implemented",
        "bad-config-model",
        "bad-limits",
    ],
)
def test_a_plugin_breaking_the_declarative_contract_is_skipped(
    site: Site, extra: str, problem: str
) -> None:
    site.plugin("sloppy", extra)

    (skipped,) = discover().skipped

    assert skipped.reason is SkipReason.INVALID_CONTRACT
    assert problem in skipped.detail


def test_an_entry_point_named_differently_from_the_plugin_is_skipped(
    site: Site,
) -> None:
    site.plugin("beta", entry_point="gamma")

    (skipped,) = discover().skipped

    assert skipped.reason is SkipReason.NAME_MISMATCH


def test_a_second_distribution_claiming_a_name_is_skipped_and_the_first_kept(
    site: Site,
) -> None:
    first, second = sorted([site.plugin("twin"), site.plugin("twin")])
    registry = discover()

    (skipped,) = registry.skipped

    assert skipped.reason is SkipReason.DUPLICATE_NAME
    assert registry.plugins["twin"].distribution in {first, second}
    assert skipped.distribution != registry.plugins["twin"].distribution


def test_discovery_logs_each_skip_and_never_raises(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    site.install({"boom": "{module}:Plugin"}, "raise SystemError('bad plugin')\n")

    with caplog.at_level(logging.WARNING, logger="fabu.channels.registry"):
        registry = discover()

    assert [skip.name for skip in registry.skipped] == ["boom"]
    assert "boom" in caplog.text
    assert "bad plugin" in caplog.text


def test_get_explains_a_missing_or_skipped_plugin(site: Site) -> None:
    site.plugin("future", "api_version = '2.0'\n")
    registry = discover()

    with pytest.raises(
        UnknownChannelError, match="接口版本不兼容 / incompatible API version"
    ):
        registry.get("future")
    with pytest.raises(UnknownChannelError, match="no channel plugin named nowhere"):
        registry.get("nowhere")


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def test_the_plugin_table_aligns_chinese_text_and_lists_why_plugins_were_skipped(
    site: Site,
) -> None:
    site.plugin("alpha")
    site.install({"broken": "{module}:Plugin"}, "raise RuntimeError('boom')\n")

    table = format_plugin_table(discover())

    lines = table.splitlines()
    header, *rows = lines[: lines.index("")]
    status_at = _columns(header[: header.index("状态 status")])
    assert all(
        _columns(row[: row.index(marker)]) == status_at
        for row in rows
        for marker in ("可用", "已跳过")
        if marker in row
    )
    assert any(
        row.startswith("alpha") and "测试渠道 / Test channel" in row for row in rows
    )
    assert "  broken (" in table
    assert "导入失败 / import failed: RuntimeError: boom" in table


def test_an_empty_registry_says_so() -> None:
    assert (
        format_plugin_table(Registry(plugins={}))
        == "未发现渠道插件 / no channel plugins found"
    )
