"""The identity domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.identity.tables import Account, ApiToken, LoginSession, PlatformAdmin

APP_CONFIG = AppConfig(
    app_name="identity",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Account, LoginSession, ApiToken, PlatformAdmin],
    migration_dependencies=["fabu.tenancy.piccolo_app"],
)
