"""ipywidgets controls for the scenario explorer; all logic is in ``explore.state``, ``explore.model`` and ``explore.view`` (tested without a browser).

A control move runs the model and replaces the chart's SVG markup and the summary line: two widget
messages, no figure rasterised in the kernel (``benchmarks/bench_explorer_kernel.py`` times the round trip).
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from sumsel_analysis.data import paths
from sumsel_analysis.explore.model import ExplorerModel
from sumsel_analysis.explore.state import ExplorerState
from sumsel_analysis.explore.view import ExplorerView
from sumsel_analysis.i18n import t


def build_explorer(model: ExplorerModel, state: ExplorerState | None = None, save_dir: Path | None = None) -> w.Widget:
    """The explorer panel: controls on the left, the chart and summary on the right, a Save button."""
    state = state or ExplorerState()
    save_dir = save_dir or paths.SCENARIOS_DIR
    view = ExplorerView(state.lang)
    chart, out_msg = w.HTML(), w.HTML()
    lang = state.lang
    calibrated_retention = model.calibrated_carried_share()
    c = {
        "region": w.Dropdown(options=[(n, k) for k, n in model.regions().items()], value=state.region),
        "mandate_on": w.Checkbox(value=state.mandate_on),
        "mandate_start": w.Text(value=state.mandate_start),
        "mandate_compliance": w.FloatSlider(value=state.mandate_compliance, min=0, max=1, step=0.05),
        "mandate_gated_share": w.FloatSlider(value=state.mandate_gated_share, min=0, max=0.5, step=0.01),
        "subsidy_mode": w.ToggleButtons(options=["workers", "budget"], value=state.subsidy_mode),
        "subsidy_workers": w.IntText(value=state.subsidy_workers, step=10_000),
        "subsidy_budget": w.FloatText(value=state.subsidy_budget_rupiah / 1e9, step=5),
        "subsidy_start": w.Text(value=state.subsidy_start),
        "subsidy_months": w.IntSlider(value=state.subsidy_months, min=1, max=60),
        "subsidy_delivery": w.Dropdown(options=["list_based", "opt_in"], value=state.subsidy_delivery),
        "subsidy_list_status": w.Dropdown(options=[(t(f"explorer.list_status.{k}", lang), k) for k in
                                                   ("unverified", "verified")], value=state.subsidy_list_status),
        "subsidy_payer_after": w.Dropdown(options=[(t(f"explorer.payer.{k}", lang), k) for k in
                                                   ("worker", "district", "village", "employer", "nobody")],
                                          value=state.subsidy_payer_after),
        "subsidy_retention": w.FloatSlider(value=calibrated_retention if state.subsidy_retention is None
                                           else state.subsidy_retention, min=0, max=1, step=0.01),
        "csr_workers": w.IntText(value=state.csr_workers, step=1000),
        "csr_months": w.IntSlider(value=state.csr_months, min=1, max=60),
        "target_pct": w.FloatSlider(value=state.target_pct, min=20, max=80, step=0.5),
        "deadline": w.Text(value=state.deadline),
        "uncertainty": w.Checkbox(value=state.uncertainty),
        "lang": w.ToggleButtons(options=["id", "en"], value=state.lang),
    }
    save = w.Button(icon="save")

    def label(key: str) -> str:
        keys = {"subsidy_budget": "explorer.subsidy_budget", "lang": "explorer.language"}
        return t(keys.get(key, f"explorer.{key}"), current()["lang"])

    def current() -> dict:
        return {"lang": c["lang"].value}

    def read() -> ExplorerState:
        return ExplorerState(
            region=c["region"].value, mandate_on=c["mandate_on"].value, mandate_start=c["mandate_start"].value.strip(),
            mandate_compliance=c["mandate_compliance"].value, mandate_gated_share=c["mandate_gated_share"].value,
            subsidy_mode=c["subsidy_mode"].value, subsidy_workers=c["subsidy_workers"].value,
            subsidy_budget_rupiah=c["subsidy_budget"].value * 1e9, subsidy_start=c["subsidy_start"].value.strip(),
            subsidy_months=c["subsidy_months"].value, subsidy_delivery=c["subsidy_delivery"].value,
            subsidy_retention=(None if c["subsidy_retention"].value == calibrated_retention  # untouched: calibrated
                               else c["subsidy_retention"].value), subsidy_list_status=c["subsidy_list_status"].value,
            subsidy_payer_after=c["subsidy_payer_after"].value, csr_workers=c["csr_workers"].value,
            csr_months=c["csr_months"].value, target_pct=c["target_pct"].value, deadline=c["deadline"].value.strip(),
            lang=c["lang"].value, uncertainty=c["uncertainty"].value)

    labelled = {"lang": None}  # language of the control labels now shown

    def relabel() -> None:
        """Control labels in the chosen language; only when it changed (each label is a widget message)."""
        if labelled["lang"] == c["lang"].value:
            return
        for key, ctl in c.items():
            ctl.description = label(key)
        save.description = t("explorer.save", c["lang"].value)
        labelled["lang"] = c["lang"].value

    def refresh(_=None) -> None:
        relabel()
        result = model.update(read())
        if result.errors:
            out_msg.value = "<br>".join(f"<span style='color:#c1121f'>⚠ {e}</span>" for e in result.errors)
        else:
            out_msg.value = f"<b>{result.summary}</b>"
        chart.value = view.render(result)

    def on_save(_=None) -> None:
        st = read()
        try:
            path = model.save(st, save_dir / f"explorer_{st.region}.yaml")
            out_msg.value = t("explorer.saved", st.lang, path=path)
        except ValueError as e:
            out_msg.value = f"<span style='color:#c1121f'>⚠ {e}</span>"

    for ctl in c.values():
        ctl.style.description_width = "210px"  # set once: assigning a style dict makes a new style widget
        ctl.observe(refresh, names="value")
    save.on_click(on_save)
    relabel()
    refresh()
    sections = [("explorer.region", ["region", "lang"]),
                ("explorer.section.mandate", ["mandate_on", "mandate_start", "mandate_compliance", "mandate_gated_share"]),
                ("explorer.section.subsidy", ["subsidy_mode", "subsidy_workers", "subsidy_budget", "subsidy_start",
                                              "subsidy_months", "subsidy_delivery", "subsidy_list_status",
                                              "subsidy_payer_after", "subsidy_retention"]),
                ("explorer.section.csr", ["csr_workers", "csr_months"]),
                ("explorer.section.target", ["target_pct", "deadline", "uncertainty"])]
    left = w.VBox([w.VBox([w.HTML(f"<b>{t(title, lang)}</b>"), *[c[k] for k in keys]]) for title, keys in sections]
                  + [save])
    panel = w.HBox([left, w.VBox([out_msg, chart])])
    panel.controls, panel.chart = c, chart  # for scripts and the kernel benchmark: controls by state field, the chart
    return panel
