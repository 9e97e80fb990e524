"""The workflow domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.workflow.tables import (
    Delegation,
    MutationReceipt,
    Notification,
    Opinion,
    WorkflowDocument,
    WorkflowEvent,
    WorkflowInstance,
    WorkflowTask,
)

APP_CONFIG = AppConfig(
    app_name="workflow",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        WorkflowDocument, WorkflowInstance, WorkflowTask, Opinion, WorkflowEvent, Notification, Delegation, MutationReceipt,
    ],
    migration_dependencies=["fabu.tenancy.piccolo_app", "fabu.releases.piccolo_app"],
)
