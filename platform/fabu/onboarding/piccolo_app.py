"""The onboarding domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.onboarding.tables import PersonKey, UnitSettings

APP_CONFIG = AppConfig(
    app_name="onboarding",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[PersonKey, UnitSettings],
    migration_dependencies=["fabu.tenancy.piccolo_app", "fabu.identity.piccolo_app"],
)
