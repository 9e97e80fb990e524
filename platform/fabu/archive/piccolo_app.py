"""The archive domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.archive.tables import ArchiveFixityCheck, ReleaseArchive

APP_CONFIG = AppConfig(
    app_name="archive",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[ReleaseArchive, ArchiveFixityCheck],
    migration_dependencies=["fabu.tenancy.piccolo_app", "fabu.releases.piccolo_app", "fabu.followup.piccolo_app"],
)
