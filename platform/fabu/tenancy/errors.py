"""Tenancy error codes."""

from enum import StrEnum


class TenancyErrorCode(StrEnum):
    INVALID_CODE = "INVALID_CODE"
    DUPLICATE_CODE = "DUPLICATE_CODE"
    DEPARTMENT_CYCLE = "DEPARTMENT_CYCLE"
    NOT_A_MEMBER = "NOT_A_MEMBER"
