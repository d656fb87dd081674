"""The explorer's chart: one figure, redrawn in place on each update (fixed yearly ticks, labels
changed only when the language changes) so a control change reaches the screen quickly.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from sumsel_analysis.explore.model import ExplorerOutput
from sumsel_analysis.i18n import t


class ExplorerView:
    """A persistent two-panel figure (coverage vs baseline and target; workers added by lever).

    Every artist is created once; ``render`` only updates data and text, so a control move redraws fast.
    """

    LEVERS = ("mandate", "subsidy", "csr")

    def __init__(self, lang: str = "en"):
        import matplotlib.dates as mdates

        from sumsel_analysis.plotting import PALETTE, apply_style

        apply_style()
        self.fig, (self.ax, self.ax2) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [3, 2]})
        self.fig.subplots_adjust(left=0.06, right=0.98, top=0.84, bottom=0.1, wspace=0.45)  # fixed layout
        self.fig.set_dpi(80)  # a screen chart: fewer pixels to draw on every control move
        self.base_line, = self.ax.plot([], [], color=PALETTE["baseline"], ls="--")
        self.cov_line, = self.ax.plot([], [], color=PALETTE["projected"], lw=2)
        self.target_line = self.ax.axhline(51, color=PALETTE["target"], ls=":")
        self.ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        self.ax.yaxis.set_major_locator(plt.MaxNLocator(5))
        self.xrange = None
        self.legend = self.ax.legend([self.base_line, self.cov_line], ["", ""], loc="upper left", fontsize=8)
        colors = [PALETTE["PU"], PALETTE["BPU"], PALETTE["PMI"]]
        self.bars = self.ax2.barh(range(3), [0, 0, 0], color=colors)
        self.ax2.set_yticks(range(3), ["", "", ""])
        self.ax2.tick_params(labelsize=8)
        self.ax2.xaxis.set_major_locator(plt.MaxNLocator(3))  # few labels: text is most of the drawing time
        self.band = None
        self.lang = None  # language of the labels currently drawn; relabel only when it changes

    def _relabel(self, lang: str) -> None:
        """Language-dependent labels: set only on a language change (recreating ticks costs ~15 ms)."""
        for text, label in zip(self.legend.get_texts(), (t("label.baseline", lang), t("policy.with_levers", lang))):
            text.set_text(label)
        self.ax.set_ylabel(t("label.coverage_pct", lang))
        self.ax2.set_yticks(range(3), [t(f"policy.lever.{k}", lang) for k in self.LEVERS])
        self.ax2.set_title(t("policy.added_workers", lang), fontsize=9)
        self.lang = lang

    def render(self, out: ExplorerOutput) -> plt.Figure:
        from sumsel_analysis.plotting import PALETTE

        lang = out.state.lang
        if self.band is not None:
            self.band.remove()
            self.band = None
        if out.errors:
            self.cov_line.set_data([], [])
            self.base_line.set_data([], [])
            for b in self.bars:
                b.set_width(0)
            self.ax.set_title("\n".join(out.errors), fontsize=9, color=PALETTE["target"])
            return self.fig
        r = out.result
        p = r.paths
        self.base_line.set_data(p["period"], p["baseline_pct"])
        self.cov_line.set_data(p["period"], p["coverage_pct"])
        if lang != self.lang:
            self._relabel(lang)
        if "coverage_lo80_pct" in p:
            self.band = self.ax.fill_between(p["period"], p["coverage_lo80_pct"], p["coverage_hi80_pct"],
                                             color=PALETTE["projected"], alpha=0.25, lw=0)
        self.target_line.set_ydata([out.state.target_pct] * 2)
        xrange = (p["period"].iloc[0], p["period"].iloc[-1])
        if xrange != self.xrange:  # fixed yearly ticks, recomputed only when the months change
            years = pd.date_range(xrange[0], xrange[1], freq="YS")
            self.ax.set_xticks(years[:: max(1, len(years) // 6)])
            self.ax.set_xlim(*xrange)
            self.xrange = xrange
        self.ax.set_ylim(0, min(100, max(60, out.state.target_pct + 10, p["coverage_pct"].max() + 5)))
        title = t("explorer.title", lang)
        if r.n_draws:
            title += "\n" + t("explorer.uncertainty_note", lang, n=r.n_draws, seed=r.seed)
        self.ax.set_title(title, fontsize=9, color="#222")
        added = r.by_lever.set_index("lever")["added_at_target_date_persons"] if len(r.by_lever) else {}
        widths = [float(added.get(k, 0.0)) for k in self.LEVERS]
        for b, width in zip(self.bars, widths):
            b.set_width(width)
        self.ax2.set_xlim(0, max(widths + [1.0]) * 1.15)
        return self.fig
