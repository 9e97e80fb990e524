"""Onboarding tables: the stable keys people have in manifests, and what a manifest records as is."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Timestamptz, Varchar
from piccolo.table import Table

from fabu.db.engine import DB


class PersonKey(Table, tablename="onboarding_person_keys", db=DB):
    """The manifest key (e.g. a staff number) of a person, so a re-applied manifest finds them."""

    person_id = UUID(primary_key=True)
    tenant_id = UUID()
    key = Varchar(length=64)


class UnitSettings(Table, tablename="onboarding_settings", db=DB):
    """Credit code, index-number scheme, channel installations (secret references only), lexicons, retention."""

    tenant_id = UUID(primary_key=True)
    settings = JSONB()
    updated_at = Timestamptz()
