"""The publishing domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.publishing.posting.tables import PostingReminder
from fabu.publishing.tables import (
    ChannelInstallation,
    ChannelRead,
    PublicationAttempt,
    PublicationLedger,
    PublicationOutbox,
)

APP_CONFIG = AppConfig(
    app_name="publishing",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        ChannelInstallation,
        PublicationOutbox,
        PublicationAttempt,
        PublicationLedger,
        ChannelRead,
        PostingReminder,
    ],
    migration_dependencies=["fabu.tenancy.piccolo_app", "fabu.releases.piccolo_app", "fabu.workflow.piccolo_app"],
)
