"""GraphQL types of the platform administrators' operations."""

from __future__ import annotations

import strawberry

from fabu.onboarding import ManifestProblem


@strawberry.type(name="PlatformAdmin", description="平台管理员 / a platform administrator (member of no unit)")
class PlatformAdminType:
    username: str


@strawberry.type(description="平台管理员令牌 / a platform administrator's access token (no refresh token: log in again)")
class PlatformTokens:
    access_token: str
    expires_in: int = strawberry.field(description="访问令牌有效秒数 / seconds the access token stays valid")
    token_type: str = "Bearer"


@strawberry.type(name="ManifestProblem", description="清单中的一处问题 / one problem in a manifest, where and what")
class ManifestProblemType:
    path: str = strawberry.field(description="在清单中的位置，如 people[3].memberships[0].department；空为整个清单 / path in the manifest; empty for the whole")
    line: int | None = strawberry.field(description="所在行（从 1 起）/ the 1-based line in the YAML text")
    code: str
    severity: str = strawberry.field(description="error 拒绝清单；warning 仅提示 / error refuses the manifest; warning only flags")
    message: str = strawberry.field(description="中文 / English")
    message_zh: str
    message_en: str

    @classmethod
    def from_problem(cls, found: ManifestProblem) -> ManifestProblemType:
        return cls(
            path=found.path,
            line=found.line,
            code=found.code,
            severity=str(found.severity),
            message=found.message,
            message_zh=found.message_zh,
            message_en=found.message_en,
        )


@strawberry.type(description="清单校验结果 / the outcome of validating a manifest")
class ManifestValidation:
    valid: bool
    unit_code: str | None = strawberry.field(description="清单中的单位代码（有效时）/ the manifest's unit code, when valid")
    problems: list[ManifestProblemType] = strawberry.field(description="所有问题（含警告）/ every problem, warnings included")


@strawberry.type(description="一次性初始密码 / a one-time initial password of a new account")
class InitialPassword:
    username: str
    password: str
