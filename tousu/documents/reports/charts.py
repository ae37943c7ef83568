"""Charts as PNG images for the printed reports (matplotlib, no display; the Noto CJK fonts).

The dashboards draw their own charts in the browser (ECharts); a PDF or a Word file needs
pictures. Every chart is small and plain: one series, labels in Chinese, no minus-sign glyph
that the CJK fonts lack (`axes.unicode_minus`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from threading import Lock

# matplotlib's pyplot keeps global state: one chart at a time in a process.
_LOCK = Lock()
_FONT = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
PALETTE = ["#2f6fb0", "#e0803a", "#4a9d5b", "#c4473d", "#8564a8", "#8c6d4f", "#d07cb5", "#7f7f7f"]


def _figure(width: float = 6.4, height: float = 3.2) -> tuple[object, object]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams.update(
        {"font.sans-serif": _FONT, "font.family": "sans-serif", "axes.unicode_minus": False}
    )
    figure, axes = pyplot.subplots(figsize=(width, height), dpi=120)
    return figure, axes


def _png(figure: object) -> bytes:
    from matplotlib import pyplot

    out = io.BytesIO()
    figure.savefig(out, format="png", bbox_inches="tight")  # type: ignore[attr-defined]
    pyplot.close(figure)  # type: ignore[arg-type]
    return out.getvalue()


def pie(labels: Sequence[str], values: Sequence[int], *, top: int = 7) -> bytes:
    """Shares (the first `top`, the rest as one slice named 其他 / other)."""
    from django.utils.translation import gettext

    pairs = sorted(zip(labels, values, strict=True), key=lambda p: -p[1])
    if len(pairs) > top + 1:
        pairs = [*pairs[:top], (gettext("other"), sum(v for _l, v in pairs[top:]))]
    with _LOCK:
        figure, axes = _figure(6.4, 3.4)
        if sum(v for _l, v in pairs):
            axes.pie(  # type: ignore[attr-defined]
                [v for _l, v in pairs],
                labels=[label for label, _v in pairs],
                autopct="%1.0f%%",
                colors=PALETTE,
                startangle=90,
                counterclock=False,
                textprops={"fontsize": 8},
            )
        axes.axis("equal")  # type: ignore[attr-defined]
        return _png(figure)


def bars(labels: Sequence[str], values: Sequence[float], *, horizontal: bool = True) -> bytes:
    with _LOCK:
        height = max(2.0, 0.32 * len(labels) + 0.8) if horizontal else 3.2
        figure, axes = _figure(6.4, height)
        if horizontal:
            axes.barh(list(labels)[::-1], list(values)[::-1], color=PALETTE[0])  # type: ignore[attr-defined]
        else:
            axes.bar(list(labels), list(values), color=PALETTE[0])  # type: ignore[attr-defined]
        axes.tick_params(labelsize=8)  # type: ignore[attr-defined]
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)  # type: ignore[attr-defined]
        return _png(figure)


def line(points: Sequence[tuple[date, int]], *, monthly: bool = False) -> bytes:
    with _LOCK:
        figure, axes = _figure(6.4, 2.8)
        labels = [d.strftime("%Y-%m") if monthly else d.strftime("%m-%d") for d, _n in points]
        axes.plot(labels, [n for _d, n in points], color=PALETTE[0], marker="o", markersize=3)  # type: ignore[attr-defined]
        step = max(1, len(labels) // 10)
        axes.set_xticks(range(0, len(labels), step))  # type: ignore[attr-defined]
        axes.set_xticklabels(labels[::step], fontsize=8)  # type: ignore[attr-defined]
        axes.set_ylim(bottom=0)  # type: ignore[attr-defined]
        axes.grid(axis="y", alpha=0.3)  # type: ignore[attr-defined]
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)  # type: ignore[attr-defined]
        return _png(figure)
