"""Bar-chart geometry for server-rendered SVG (no chart library, no script, CSP-friendly).

Templates draw the shapes; every chart also has a data table next to it, so the figures
are available to screen readers and keyboard users without reading the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]
    css: str  # class with a fill colour of at least 3:1 contrast on white


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    tip: str


@dataclass
class Chart:
    width: float
    height: float
    rects: list[Rect] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    row_labels: list[tuple[float, str]] = field(default_factory=list)
    value_labels: list[tuple[float, float, str]] = field(default_factory=list)
    baseline: float = 0.0


def nice_max(value: int) -> int:
    """A round axis maximum at or above `value` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exponent:
            return int(step * exponent)
    return int(10 * exponent)


def column_chart(categories: list[str], series: list[Series], label_every: int = 1) -> Chart:
    """Stacked columns, one per category (e.g. per day)."""
    chart = Chart(WIDTH, HEIGHT)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = nice_max(max(totals, default=0))
    chart.baseline = TOP + plot_h
    for fraction in (0.0, 0.5, 1.0):
        value = top * fraction
        chart.y_ticks.append((TOP + plot_h * (1 - fraction), f"{value:g}"))
    slot = plot_w / max(1, len(categories))
    bar_w = max(2.0, slot * 0.7)
    for i, category in enumerate(categories):
        x = LEFT + i * slot + (slot - bar_w) / 2
        y: float = chart.baseline
        for s in series:
            height = plot_h * s.values[i] / top
            if height > 0:
                y -= height
                chart.rects.append(Rect(x, y, bar_w, height, s.css, f"{category} {s.name}: {s.values[i]}"))
        if i % max(1, label_every) == 0:
            chart.x_labels.append((x + bar_w / 2, category))
    return chart


def bar_rows(items: list[tuple[str, int]], css: str, suffix: str = "") -> Chart:
    """Horizontal bars, one row per item, the value written after each bar."""
    height = TOP + ROW_HEIGHT * max(1, len(items)) + 8
    chart = Chart(WIDTH, height)
    top = max((v for _, v in items), default=0) or 1
    plot_w = WIDTH - 230 - 90
    for i, (label, value) in enumerate(items):
        y = TOP + i * ROW_HEIGHT
        width = plot_w * value / top
        chart.row_labels.append((y + ROW_HEIGHT * 0.65, label))
        shown = max(width, 1.0 if value else 0.0)
        chart.rects.append(Rect(230, y + 4, shown, ROW_HEIGHT - 8, css, f"{label}: {value}"))
        chart.value_labels.append((236 + width, y + ROW_HEIGHT * 0.65, f"{value}{suffix}"))
    return chart
