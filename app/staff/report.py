"""The KPI report as CSV (Japanese headings and values, formula-safe, BOM for spreadsheet software)."""

from __future__ import annotations

import csv
import io

from app.staff.kpi import COLUMNS, PERIODS, KpiReport, KpiRow, formatted
from app.web.text import csv_safe

PERIOD_HEADINGS = ("期間の始め", "期間の終わり")


def period_label(row: KpiRow) -> str:
    if row.first == row.last:
        return f"{row.first.month}月{row.first.day}日"
    return f"{row.first.month}月{row.first.day}日〜{row.last.month}月{row.last.day}日"


def kpi_csv(report: KpiReport) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(["集計の単位", *PERIOD_HEADINGS, *(heading for _, heading, _ in COLUMNS)])
    unit = PERIODS[report.period]
    for row in [*report.rows, report.total]:
        label = "期間の合計" if row is report.total else unit
        cells = [label, row.first.isoformat(), row.last.isoformat(),
                 *(formatted(row, attribute, kind) for attribute, _, kind in COLUMNS)]
        writer.writerow([csv_safe(c) for c in cells])
    writer.writerow([])
    writer.writerow(["現在の要確認アカウント", report.accounts.flagged])
    writer.writerow(["現在の利用停止アカウント", report.accounts.banned])
    return buffer.getvalue()
