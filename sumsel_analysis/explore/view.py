"""The explorer's chart as SVG markup, drawn by the browser: a control move sends one string.

Rasterising a matplotlib figure in the kernel on every move took ~300 ms of the explorer's round trip;
writing the same chart as SVG takes about a millisecond, and the widget (``explore.widgets``) only
replaces its markup. Left: coverage with the policy (its 80% band when uncertainty is on) against the
baseline, the target and its deadline; right: workers added by each lever by the deadline, with the
numbers. Labels come from the translation catalogue, numbers from ``numbers``.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from sumsel_analysis.explore.model import ExplorerOutput
from sumsel_analysis.i18n import t
from sumsel_analysis.numbers import format_number, format_percent
from sumsel_analysis.plotting import PALETTE

W, H = 960, 330  # the chart's coordinate system (pixels at 100% zoom; the SVG scales to its container)
PLOT = (62, 556, 62, 290)  # coverage panel: left, right, top, bottom
BARS = (742, 868, 88, 258)  # lever panel: bars start at left, longest bar ends at right; rows between top, bottom
TEXT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _ticks(top: float) -> list[float]:
    """Round y ticks from 0 to ``top`` (at most 6)."""
    step = next(s for s in (5, 10, 20, 25, 50) if top / s <= 6)
    return list(np.arange(0, top + 1e-9, step))


def _points(xs: np.ndarray, ys: np.ndarray) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))


class ExplorerView:
    """Renders an ``ExplorerOutput`` as an SVG string (``render``); a pure function of the output."""

    LEVERS = ("mandate", "subsidy", "csr")

    def __init__(self, lang: str = "en"):
        self.lang = lang

    def render(self, out: ExplorerOutput) -> str:
        """The chart for this output: errors (in the state's language) in the title when it could not run."""
        lang = out.state.lang
        if out.errors:
            return self._svg(out.errors, lang, "", "", error=True)
        r = out.result
        title = [t("explorer.title", lang)]
        if r.n_draws:
            title.append(t("explorer.uncertainty_note", lang, n=r.n_draws, seed=r.seed))
        return self._svg(title, lang, self._coverage(r, out.state, lang), self._bars(r, lang))

    # --- panels ----------------------------------------------------------------------------------
    def _coverage(self, r, state, lang: str) -> str:
        x0, x1, y0, y1 = PLOT
        months = r.months
        cov, base = r.coverage_pct, r.baseline_pct
        med = np.median(cov, axis=0)
        lo, hi = np.quantile(cov, [0.1, 0.9], axis=0) if r.n_draws else (med, med)
        top = min(100, max(60, state.target_pct + 10, hi.max() + 5))
        span = (months[-1] - months[0]).days or 1
        xs = x0 + (x1 - x0) * ((months - months[0]).days.to_numpy() / span)
        ys = lambda v: y1 - (y1 - y0) * np.clip(np.asarray(v, dtype=float), 0, top) / top  # noqa: E731
        parts = []
        for v in _ticks(top):
            y = ys(v)
            parts.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>'
                         f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(format_number(v, lang))}</text>')
        years = pd.date_range(months[0], months[-1], freq="YS")
        for when in years[:: max(1, len(years) // 6)]:
            x = x0 + (x1 - x0) * (when - months[0]).days / span
            parts.append(f'<text x="{x:.1f}" y="{y1 + 16}" text-anchor="middle">{when:%Y}</text>')
        if r.n_draws:
            parts.append(f'<polygon class="band80" points="{_points(np.r_[xs, xs[::-1]], ys(np.r_[lo, hi[::-1]]))}" '
                         f'fill="{PALETTE["projected"]}" fill-opacity="0.25" stroke="none"/>')
        parts.append(f'<polyline class="baseline" points="{_points(xs, ys(np.median(base, axis=0)))}" fill="none" '
                     f'stroke="{PALETTE["baseline"]}" stroke-width="1.5" stroke-dasharray="6 4"/>')
        parts.append(f'<polyline class="with-levers" points="{_points(xs, ys(med))}" fill="none" '
                     f'stroke="{PALETTE["projected"]}" stroke-width="2.5"/>')
        yt = ys(state.target_pct)
        deadline = pd.Timestamp(state.deadline + "-01")
        xd = x0 + (x1 - x0) * min(max((deadline - months[0]).days / span, 0), 1)
        target = t("forecast.target", lang, target=format_percent(state.target_pct, lang, 1))
        parts.append(f'<line class="target" x1="{x0}" x2="{x1}" y1="{yt:.1f}" y2="{yt:.1f}" stroke="{PALETTE["target"]}" '
                     f'stroke-dasharray="2 3" stroke-width="1.5"/>'
                     f'<line class="deadline" x1="{xd:.1f}" x2="{xd:.1f}" y1="{y0}" y2="{y1}" stroke="{PALETTE["target"]}" '
                     f'stroke-dasharray="2 3"/>'
                     f'<text x="{x1 - 4}" y="{yt - 5:.1f}" text-anchor="end" fill="{PALETTE["target"]}">{escape(target)}</text>')
        legend = [(t("label.baseline", lang), PALETTE["baseline"], "6 4"), (t("policy.with_levers", lang), PALETTE["projected"], "")]
        for i, (label, color, dash) in enumerate(legend):
            y = y0 + 12 + 16 * i
            parts.append(f'<line x1="{x0 + 8}" x2="{x0 + 30}" y1="{y}" y2="{y}" stroke="{color}" stroke-width="2"'
                         + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                         f'<text x="{x0 + 36}" y="{y + 4}">{escape(label)}</text>')
        parts.append(f'<line x1="{x0}" x2="{x1}" y1="{y1}" y2="{y1}" stroke="#888"/>'
                     f'<text transform="translate(14,{(y0 + y1) / 2:.0f}) rotate(-90)" text-anchor="middle">'
                     f'{escape(t("label.coverage_pct", lang))}</text>')
        return "".join(parts)

    def _bars(self, r, lang: str) -> str:
        left, right, top, bottom = BARS
        by_lever = r.by_lever
        added = dict(zip(by_lever["lever"], by_lever["added_at_target_date_persons"]))
        values = [max(0.0, float(added.get(k, 0.0))) for k in self.LEVERS]
        longest = max(values + [1.0])
        colors = (PALETTE["PU"], PALETTE["BPU"], PALETTE["PMI"])
        row = (bottom - top) / len(self.LEVERS)
        parts = [f'<text x="{(left + right) / 2:.0f}" y="{top - 22}" text-anchor="middle" font-weight="bold">'
                 f'{escape(t("policy.added_workers", lang))}</text>']
        for i, (k, v, color) in enumerate(zip(self.LEVERS, values, colors)):
            y = top + row * i + row * 0.2
            width = (right - left) * v / longest
            parts.append(f'<text x="{left - 6}" y="{y + row * 0.3 + 4:.1f}" text-anchor="end">'
                         f'{escape(t(f"policy.lever.{k}", lang))}</text>'
                         f'<rect class="bar-{k}" x="{left}" y="{y:.1f}" width="{width:.1f}" height="{row * 0.6:.1f}" fill="{color}"/>'
                         f'<text class="value-{k}" x="{left + width + 4:.1f}" y="{y + row * 0.3 + 4:.1f}">'
                         f'{escape(format_number(v, lang))}</text>')
        return "".join(parts)

    def _svg(self, title: list[str], lang: str, left: str, right: str, error: bool = False) -> str:
        color = PALETTE["target"] if error else "#222"
        head = "".join(f'<text x="8" y="{18 + 16 * i}" fill="{color}" font-weight="{"normal" if i else "bold"}">'
                       f"{escape(line)}</text>" for i, line in enumerate(title))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" style="max-width:{W}px" '
                f'role="img" lang="{lang}" {TEXT} font-size="12"><title>{escape(" ".join(title))}</title>'
                f"{head}{left}{right}</svg>")
