"""The unit manifest: one YAML document describing a unit, as pydantic models (shape only).

Cross-checks between sections (unknown departments, cycles, leaders, matrix coverage, secrets)
live in ``_checks``; a ``Manifest`` instance has passed the shape checks only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from fabu.tenancy.roles import Role

CODE_PATTERN = r"^[A-Za-z0-9_-]{2,64}$"
KEY_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,63}$"
ENV_REFERENCE = r"^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Unit(_Strict):
    """The unit itself."""

    code: str = Field(pattern=CODE_PATTERN)
    """单位代码，登录时使用 / The unit code people type when they log in."""
    name: str = Field(min_length=1, max_length=200)
    """单位名称 / The unit's name."""
    name_en: str = Field(default="", max_length=200)
    """English name."""
    credit_code: str = Field(default="", pattern=r"^([0-9A-HJ-NPQRTUWXY]{18}|[0-9A-Z]{8}-?[0-9A-Z])?$")
    """统一社会信用代码（18 位）或组织机构代码 / Unified social credit code, or organisation code."""


class DepartmentEntry(_Strict):
    """A department; ``parent`` (a department code) makes the tree."""

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    parent: str | None = None
    """上级部门代码 / Code of the parent department; none for a top-level department."""
    office: bool = False
    """办公室 / Whether this is the unit's office (exactly one department is)."""


class MembershipEntry(_Strict):
    """The roles a person holds in one department."""

    department: str
    roles: tuple[Role, ...] = Field(min_length=1)


class PersonEntry(_Strict):
    """Somebody working in the unit. ``key`` identifies them across applies (defaults to ``username``)."""

    key: str | None = Field(default=None, pattern=KEY_PATTERN)
    """稳定标识，如工号 / A stable identifier such as a staff number; defaults to the username."""
    name: str = Field(min_length=1, max_length=100)
    title: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=200)
    username: str | None = Field(default=None, pattern=r"^[a-z0-9._-]{2,64}$")
    """本地账号用户名；密码从不写入清单 / Local login; passwords never appear in a manifest."""
    memberships: tuple[MembershipEntry, ...] = Field(min_length=1)

    @property
    def identity(self) -> str:
        return self.key or self.username or ""


class Leaders(_Strict):
    """The principal leader (主要领导) and each department's supervising leader (分管领导), by person key."""

    principal: str | None = None
    supervising: dict[str, str] = Field(default_factory=dict)
    """部门代码 → 人员标识 / department code → person key."""


class IndexScheme(_Strict):
    """索引号 scheme: organisation code / year / serial, e.g. ``11110000MB0000000X/2026/00001``."""

    organisation_code: str = Field(min_length=1, max_length=32)
    """索引号前段：组织机构代码或统一社会信用代码 / The leading part: the organisation code."""
    separator: str = Field(default="/", max_length=3)
    serial_digits: int = Field(default=5, ge=3, le=8)

    def format(self, year: int, serial: int) -> str:
        """The index number of a unit's ``serial``-th release of ``year``, e.g. ``11110000MB0000000X/2026/00001``."""
        return self.separator.join((self.organisation_code, str(year), str(serial).zfill(self.serial_digits)))


class CategoryEntry(_Strict):
    """A disclosure-catalogue category (信息公开目录); ``parent`` is a category code."""

    code: str = Field(pattern=r"^[^\s/\\]{1,64}$")
    name: str = Field(min_length=1, max_length=200)
    parent: str | None = None


class Catalogue(_Strict):
    index_scheme: IndexScheme
    categories: tuple[CategoryEntry, ...] = Field(min_length=1)


class Workflow(_Strict):
    """A built-in template or matrix by name, or one written inline as a mapping."""

    template: str | dict[str, Any] = "standard"
    matrix: str | dict[str, Any] = "standard-matrix"


class ChannelEntry(_Strict):
    """A channel installation. Secret fields hold ``${env:NAME}`` references, never values."""

    plugin: str = Field(min_length=1, max_length=64)
    config: dict[str, Any] = Field(default_factory=dict)
    """插件配置；密钥字段写 ${env:NAME}，应用清单时从环境变量读取 / The plugin's config; secret fields hold ${env:NAME}, read from the environment when the manifest is applied."""
    enabled: bool = True
    """是否启用；未列出的已安装渠道会被停用 / Whether the channel is on; installed channels the manifest leaves out are switched off."""


class LexiconTerm(_Strict):
    """A term of the unit's own lexicon (本单位词库), looked for in every release's text."""

    term: str = Field(min_length=1, max_length=100)
    kind: Literal["sensitive_word", "wrong_expression"] = "sensitive_word"
    """敏感词，或错误表述（须给出正确表述）/ A sensitive word, or a wrong expression (which needs a correction)."""
    severity: Literal["blocking", "warning", "info"] = "warning"
    """blocking 拦截审核环节（可说明理由放行），warning/info 仅提示 / blocking stops a gated stage unless overridden."""
    correction: str | None = Field(default=None, min_length=1, max_length=200)
    """正确表述 / What to write instead."""
    note: str = Field(default="", max_length=500)
    """说明，显示给采编人员 / Why, shown to the drafter."""


class LexiconEntry(_Strict):
    """A lexicon the unit uses: its ``terms`` become the unit's own lexicon; ``name`` and ``path`` are recorded."""

    name: str = Field(min_length=1, max_length=100)
    path: str = Field(default="", max_length=500)
    """词库文件位置，仅记录 / Where the lexicon file lives; recorded only, never read."""
    terms: tuple[LexiconTerm, ...] = ()
    """本单位词条；任一词库列出词条时，本单位词库即与清单一致 / Unit terms; once any lexicon lists terms, the unit's lexicon is made to match the manifest."""


class RetentionRule(_Strict):
    """How long records are kept (recorded; the archive jobs read it)."""

    applies_to: str = Field(min_length=1, max_length=64)
    """``releases``, ``audit``, ``feedback`` or a catalogue category code."""
    keep_years: Annotated[int, Field(ge=1, le=1000)] | Literal["permanent"]
    """Whole years, at least one, or ``permanent``."""
    then: Literal["archive", "review", "destroy"] = "archive"


class Manifest(_Strict):
    """一个单位的入驻清单 / A unit's onboarding manifest."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, title="Fabu 单位入驻清单 / unit manifest"
    )

    unit: Unit
    departments: tuple[DepartmentEntry, ...] = Field(min_length=1)
    people: tuple[PersonEntry, ...] = Field(min_length=1)
    leaders: Leaders = Leaders()
    catalogue: Catalogue
    workflow: Workflow = Workflow()
    channels: tuple[ChannelEntry, ...] = ()
    lexicons: tuple[LexiconEntry, ...] = ()
    retention: tuple[RetentionRule, ...] = ()
