"""Explorer round trip in a real Jupyter kernel: control change → updated chart (prints figures; not a test).

Target (issue 19): <= 50 ms round trip for an update on the deterministic path.

What it does, as a browser would: starts the venv's "python3" kernel with ``jupyter_client``, runs the
code cells of ``notebooks/05-scenario-explorer.py`` unchanged (so the explorer is built exactly as the
notebook builds it), then changes a control the way the front end does — a ``comm_msg`` "update" of the
widget's ``value`` on the shell channel — and times, on the client side, from sending that message to
the kernel's "idle" status for it, checking that the chart's new content arrived in between (an updated
chart widget or a displayed figure). Median and p90 over ``N`` updates per control; then the same state
changes timed inside the kernel through ``ExplorerModel.update`` alone, so the round trip splits into
model vs chart (drawing + messaging).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import jupytext
import numpy as np
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05-scenario-explorer.py"
N = 25  # updates per control (>= 20 for a median and a p90)
TIMEOUT_S = 600  # the setup cell builds data/processed/ on a fresh clone

# control (= ExplorerState field) → values it is moved through
CONTROLS = {
    "subsidy_workers": [100_000 + 5_000 * i for i in range(N)],
    "mandate_compliance": [round(0.40 + 0.02 * i, 2) for i in range(N)],
    "target_pct": [40.0 + 0.5 * i for i in range(N)],
    "lang": [("id", "en")[i % 2] for i in range(N)],
}
LANG_OPTIONS = ["id", "en"]  # a selection widget syncs its option index, not its value


def _state(name: str, value) -> dict:
    """The widget state a front end sends for this control value."""
    return {"index": LANG_OPTIONS.index(value)} if name == "lang" else {"value": value}


def _drain(kc, parent_id: str, timeout: float = TIMEOUT_S) -> list[dict]:
    """IOPub messages that answer ``parent_id``, up to and including its 'idle' status."""
    got = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != parent_id:
            continue
        got.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return got


def run(kc, code: str) -> str:
    """Execute code in the kernel; its stdout (raise on an error)."""
    msgs = _drain(kc, kc.execute(code, store_history=True))
    err = [m for m in msgs if m["msg_type"] == "error"]
    if err:
        raise RuntimeError("\n".join(err[0]["content"]["traceback"]))
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def chart_arrived(msgs: list[dict], chart_id: str | None) -> bool:
    """Whether the update carried new chart content: a comm update of the chart widget, or a displayed figure."""
    for m in msgs:
        c = m["content"]
        if m["msg_type"] == "comm_msg" and c.get("comm_id") == chart_id and c["data"].get("method") == "update":
            return True
        if m["msg_type"] in ("display_data", "update_display_data") and "image/png" in c.get("data", {}):
            return True
    return False


def move(kc, model_id: str, state: dict) -> tuple[float, list[dict]]:
    """Send a front-end style widget update; seconds until the kernel is idle again, and the messages."""
    msg = kc.session.msg("comm_msg", {"comm_id": model_id, "data": {"method": "update", "state": state,
                                                                    "buffer_paths": []}})
    t0 = time.perf_counter()
    kc.shell_channel.send(msg)
    msgs = _drain(kc, msg["header"]["msg_id"], timeout=60)
    return time.perf_counter() - t0, msgs


def main() -> None:
    cells = [c.source for c in jupytext.read(NOTEBOOK).cells if c.cell_type == "code"]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel keeps its inline backend
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(NOTEBOOK.parent), env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        t0 = time.perf_counter()
        for code in cells:  # the notebook as written: its last cell displays the explorer panel
            run(kc, code)
        print(f"notebook 05 setup in the kernel: {time.perf_counter() - t0:.1f} s "
              f"({len(cells)} code cells, quick=False)")
        ids = json.loads(run(kc, "import json\npanel = next(v for v in Out.values() if hasattr(v, 'controls'))\nprint(json.dumps({'controls': {k: v.model_id for k, v in "
                                 "panel.controls.items()}, 'chart': getattr(panel.chart, 'model_id', None)}))"))
        chart_id = ids["chart"]
        all_rt = []
        for name, values in CONTROLS.items():
            move(kc, ids["controls"][name], _state(name, values[1]))  # warm-up (then values[0]: a change)
            rts = []
            for v in values:
                rt, msgs = move(kc, ids["controls"][name], _state(name, v))
                if not chart_arrived(msgs, chart_id):
                    said = [m["content"].get("text", m["content"].get("evalue", "")) for m in msgs
                            if m["msg_type"] in ("stream", "error")]
                    raise RuntimeError(f"moving {name} to {v!r} sent no chart update: {[m['msg_type'] for m in msgs]} {said}")
                rts.append(rt)
            all_rt += rts
            print(f"{name:<20} round trip median {1000 * np.median(rts):6.1f} ms   p90 "
                  f"{1000 * np.quantile(rts, 0.9):6.1f} ms   (n={len(rts)})")
        print(f"{'all controls':<20} round trip median {1000 * np.median(all_rt):6.1f} ms   p90 "
              f"{1000 * np.quantile(all_rt, 0.9):6.1f} ms   (n={len(all_rt)}; target <= 50 ms)")
        model_ms = json.loads(run(kc, f"""
import json, time
from sumsel_analysis.explore.state import ExplorerState
_changes = {json.dumps(CONTROLS)}
_ts = []
for _name, _values in _changes.items():
    for _v in _values:
        _s = ExplorerState(lang=lang).with_(**{{_name: _v}})
        _t0 = time.perf_counter(); model.update(_s); _ts.append(time.perf_counter() - _t0)
print(json.dumps(sorted(_ts)[len(_ts) // 2] * 1000))
"""))
        print(f"breakdown (medians): model update {model_ms:5.1f} ms in the kernel; chart (drawing + messaging) "
              f"{1000 * np.median(all_rt) - model_ms:5.1f} ms")
        rt, msgs = move(kc, ids["controls"]["uncertainty"], {"value": True})
        print(f"uncertainty toggle on (Monte Carlo bands): round trip {1000 * rt:6.1f} ms (one move; not the target)")
        move(kc, ids["controls"]["uncertainty"], {"value": False})
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    sys.exit(main())
