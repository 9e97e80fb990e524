"""The checking domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.checking.tables import CheckReportRecord, TenantLexiconEntry

APP_CONFIG = AppConfig(
    app_name="checking",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[TenantLexiconEntry, CheckReportRecord],
    migration_dependencies=["fabu.tenancy.piccolo_app", "fabu.releases.piccolo_app"],
)
