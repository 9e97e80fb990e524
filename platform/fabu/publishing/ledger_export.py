"""The publication ledger as a spreadsheet (.xlsx) for the unit's records."""

from __future__ import annotations

from io import BytesIO
from typing import Any

# openpyxl ships neither type hints nor a py.typed marker; types-openpyxl is not a dependency.
import openpyxl  # type: ignore[import-untyped]

from fabu.publishing.ledger import CSV_COLUMNS, cell_text


def ledger_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """One sheet, 发布台账, with the bilingual header row and one row per entry (all cells text)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "发布台账"
    sheet.append([label for _, label in CSV_COLUMNS])
    for row in rows:
        # Text cells (data_type "s") are never evaluated as formulas.
        values = [cell_text(column, row[column]) for column, _ in CSV_COLUMNS]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
