"""The tenancy domain as a Piccolo app."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from fabu.tenancy.tables import Department, Leadership, Membership, Person, Tenant

APP_CONFIG = AppConfig(
    app_name="tenancy",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Tenant, Department, Person, Membership, Leadership],
)
