"""The releases domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.releases.tables import DisclosureCategory, Release, ReleaseAttachment, ReleaseCoDepartment, ReleaseVersion

APP_CONFIG = AppConfig(
    app_name="releases",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[DisclosureCategory, Release, ReleaseVersion, ReleaseCoDepartment, ReleaseAttachment],
    migration_dependencies=["fabu.tenancy.piccolo_app"],
)
