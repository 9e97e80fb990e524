"""The follow-up domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.followup.tables import PublicationMetrics, PublicComment

APP_CONFIG = AppConfig(
    app_name="followup",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[PublicationMetrics, PublicComment],
    migration_dependencies=["fabu.tenancy.piccolo_app", "fabu.releases.piccolo_app", "fabu.publishing.piccolo_app"],
)
