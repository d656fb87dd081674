"""Joint calibration of the uncertain lever parameters to every documented episode at once.

Method (importance weighting over Monte Carlo draws): draw the calibrated parameters from their
priors (triangular low / central / high from parameters.csv / assumptions.csv), predict every episode
in ``data/raw/episodes.csv`` with the same small mechanics the simulator uses (``mechanics``), weight
each draw by the Gaussian likelihood of all observed outcomes at once — the tolerance of each is its
judged source noise (``noise_sd_rel`` × observed) — and resample the posterior. Scenarios run on the
posterior by default (``simulation.simulate``).

The result is cached under ``data/cache/`` (git-ignored), written atomically, keyed by a hash of its
inputs (episodes, parameter table, package version, draw count, seed); ``python -m sumsel_analysis
build`` computes it after the data build and anything else recomputes it lazily if the key changed.

``loo_validation`` is the honest check: calibrate without an episode, predict it (posterior
predictive, source noise included), and report the predicted median and 80% interval against the
observed value, and the hit rate. Each refit reuses the same prior draws and log-likelihood terms (the
weights of the sum without that episode).

Speed (issue #19: ≤ 30 s): predictions are made one episode at a time and kept only as log-likelihood
terms, the sums are taken in cache-sized blocks of draws, each draw vector is sorted once for all its
percentiles (``_sort_order``) — with the same additions in the same order as the straightforward computation,
so the results are identical to the bit (``tests/test_calibration_fast.py``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from sumsel_analysis import __version__
from sumsel_analysis.data import loaders, paths
from sumsel_analysis.data.safe_io import write_text_atomic
from sumsel_analysis.policy import mechanics

CALIBRATED = ("list_pass_share_verified", "list_pass_share_unverified", "list_ramp_months_verified",
              "list_ramp_months_unverified", "subsidy_overlap_with_existing", "self_pay_share_after_stop",
              "self_pay_lapse_hazard_per_month", "takeover_share_default", "voluntary_takeup_reached_per_year",
              "optin_takeup_full_subsidy", "mandate_catchup_share", "mandate_catchup_decay_months", "mandate_compliance",
              "mandate_paying_share")
FIXED = ("bpu_grace_period_months",)
# 1.6 m prior draws keep the importance weights' effective sample size above 300 with the 18 calibration episodes
# (400,000 gave 81 once the paying-share episodes spread from 0.30 to 0.63): ~6 s idle and ~0.6 GiB peak on the 2-core
# machine with 20 episodes (benchmarks/bench_calibration.py)
N_PRIOR, N_POSTERIOR, SEED = 1_600_000, 4_000, 20251215
BLOCK_DRAWS = 8_192  # draws per block when the log-likelihood is summed (a block of all episodes stays in cache)
CACHE_DIR = paths.ROOT / "data" / "cache"

# Columns of the LOO table; their descriptions are in the translation catalogue as ``loo.<column>``
# (see ``loo_column_descriptions``), so the report's methods appendix can show them in either language.
LOO_COLUMNS = ("episode_id", "region_name", "lever", "mechanism", "outcome_metric", "observed_unit", "observed",
               "predicted_median", "predicted_lo80", "predicted_hi80", "hit")


def loo_column_descriptions(lang: str = "en") -> dict[str, str]:
    """What each column of ``loo_validation()`` means, in Indonesian ('id') or English ('en')."""
    from sumsel_analysis.i18n import t

    return {c: t(f"loo.{c}", lang) for c in LOO_COLUMNS}


def list_parameters(inp: dict[str, float], p: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(share passing checks, mean registration months) for the episode's list status (input ``list_verified``)."""
    if inp.get("list_verified", 0) >= 0.5:
        return p["list_pass_share_verified"], p["list_ramp_months_verified"]
    return p["list_pass_share_unverified"], p["list_ramp_months_unverified"]


def after_stop(inp: dict[str, float], p: dict[str, np.ndarray], m) -> np.ndarray:
    """Share of a funded list still active ``m`` months after its funder stopped, for the episode's payer."""
    payer = mechanics.PAYERS[int(inp.get("payer", mechanics.PAYERS.index("worker")))]
    takeover = inp.get("takeover_share", p["takeover_share_default"])
    carried, self_paying = mechanics.kept_after_funding(payer, takeover, p["self_pay_share_after_stop"])
    return mechanics.active_after_funding(m, carried, self_paying, p["self_pay_lapse_hazard_per_month"],
                                          p["bpu_grace_period_months"])


def _predict(metric: str, lever: str, inp: dict[str, float], p: dict[str, np.ndarray]) -> np.ndarray:
    """Predicted outcome of one episode for every draw in ``p`` (name → (n,) arrays), with the simulator's mechanics."""
    M = inp.get("observed_after_months", 12)
    n = len(p["mandate_compliance"])
    if metric in ("added_persons", "enrolled_share_of_budget_list", "list_pass_share"):
        pass_share, ramp_months = list_parameters(inp, p)
        if metric == "list_pass_share":
            return pass_share
        ramp = mechanics.registration_ramp(M - 1, ramp_months)
        if metric == "added_persons":
            already = inp.get("already_enrolled_share", p["subsidy_overlap_with_existing"])
            return mechanics.list_enrolment(inp["listed_persons"], already, pass_share) * ramp
        already = inp.get("already_enrolled_share", 0.0)
        return already + mechanics.list_enrolment(1.0, already, pass_share) * ramp
    if metric == "coverage_drop_pp":
        return 100 * inp["listed_persons"] * (1 - after_stop(inp, p, M - 1)) / inp["base_persons"]
    if metric == "inactive_share":
        return 1 - after_stop(inp, p, M - 1)
    if metric == "still_paying_share":
        return mechanics.self_payment_survival(M, p["self_pay_lapse_hazard_per_month"])
    if metric == "firms_registered":
        return inp["prior_firms_per_month"] * M + mechanics.catchup_total(
            M, inp["unregistered_firms"], p["mandate_catchup_share"], p["mandate_catchup_decay_months"])
    if metric == "compliance_share":
        return p["mandate_compliance"] * np.ones(n)
    if metric == "active_share_of_registered":
        return mechanics.paying_workers(1.0, p["mandate_paying_share"])
    control = mechanics.voluntary_enrolment(12, p["voluntary_takeup_reached_per_year"])
    induced = p["optin_takeup_full_subsidy"] * (1 - control)
    if metric == "enrolment_share":
        return control + induced if "funded_months" in inp else control
    if metric == "coverage_ratio_to_control":
        return (control + induced * after_stop(inp, p, M - 1)) / control
    raise ValueError(f"no prediction rule for outcome_metric {metric!r} (lever {lever!r})")


def predict_episodes(episodes: pd.DataFrame, p: dict[str, np.ndarray]) -> np.ndarray:
    """(episodes, draws) predictions of the calibration episodes for parameter draws ``p``."""
    return np.vstack([_predict(r.outcome_metric, r.lever, r.inputs_dict, p) for r in episodes.itertuples()])


def calibration_episodes(episodes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The episodes with an observed outcome that the calibration uses (``use_in_calibration`` = 1)."""
    episodes = loaders.load_episodes() if episodes is None else episodes
    return episodes.loc[episodes["use_in_calibration"] == 1].reset_index(drop=True)


def prior_draws(params: pd.DataFrame, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Calibrated parameters drawn from triangular(low, central, high); fixed ones at their central value."""
    out = {}
    for name in CALIBRATED:
        lo, c, hi = (loaders.parameter(params, name, w) for w in ("low", "central", "high"))
        out[name] = rng.triangular(lo, c, hi, size=n) if hi > lo else np.full(n, c)
    for name in FIXED:
        out[name] = np.full(n, loaders.parameter(params, name))
    return out


def log_likelihood(pred: np.ndarray, episodes: pd.DataFrame) -> np.ndarray:
    """(episodes, draws) Gaussian log-likelihood terms: −½ ((pred − obs) / (noise_sd_rel × |obs|))²."""
    obs, sd = _observed(episodes)
    return _loglik_terms(pred, obs[:, None], sd[:, None])


def _observed(episodes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(observed value, its noise sd = noise_sd_rel × |observed|) per episode, in the episode's unit."""
    obs = episodes["observed_value"].to_numpy(dtype=float)
    return obs, episodes["noise_sd_rel"].to_numpy(dtype=float) * np.abs(obs)


def _loglik_terms(pred: np.ndarray, obs, sd) -> np.ndarray:
    """−½ ((pred − obs) / sd)² elementwise (obs and sd broadcast: per episode, or one episode's scalars)."""
    return -0.5 * ((pred - obs) / sd) ** 2


def _leave_one_out_sums(loglik: np.ndarray, block: int = BLOCK_DRAWS) -> np.ndarray:
    """The log-likelihood summed over episodes per draw; **overwrites** row i of ``loglik`` (episodes, draws)
    with the sum without episode i (what the refit without it weights by).

    Each sum adds the episodes' terms one by one in episode order, as ``loglik.sum(axis=0)`` and
    ``np.delete(loglik, i, axis=0).sum(axis=0)`` do (the same rounding, so the same weights), for a block of
    ``block`` draws at a time (the block stays in the processor's cache; no copy of the whole matrix).
    """
    n_eps, n = loglik.shape
    total = np.empty(n)
    for a in range(0, n, block):
        terms = loglik[:, a:a + block].copy()
        before = np.zeros(terms.shape[1])  # 0 + the terms of the episodes before i (sum() starts from 0 too)
        for i in range(n_eps):
            out = loglik[i, a:a + block]
            out[...] = before
            for j in range(i + 1, n_eps):
                np.add(out, terms[j], out=out)
            np.add(before, terms[i], out=before)
        total[a:a + block] = before
    return total


def _weights(total: np.ndarray) -> np.ndarray:
    """Normalised importance weights from the summed log-likelihood per draw, computed in place over ``total``."""
    total -= total.max()
    np.exp(total, out=total)
    total /= total.sum()
    return total


def _sort_order(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(``np.argsort(x)``, ``x`` sorted): one sort serves a parameter's prior and posterior percentiles."""
    order = np.argsort(x)
    return order, x[order]


def _cumulative_share(w: np.ndarray) -> np.ndarray:
    """Running sum of the weights ``w`` (in their order) as a share of their total."""
    cw = np.cumsum(w)
    cw /= cw[-1]
    return cw


def _wquantile(x: np.ndarray, w: np.ndarray, qs, sorted_x: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Quantiles ``qs`` of ``x`` under weights ``w`` (interpolated on the cumulative weight in ``x`` order);
    ``sorted_x`` = ``_sort_order(x)`` if already known."""
    order, xs = _sort_order(x) if sorted_x is None else sorted_x
    return np.interp(qs, _cumulative_share(w[order]), xs)


@dataclass
class Calibration:
    """A calibration result: posterior draws, prior-vs-posterior table, fit per episode, LOO table."""

    key: str
    posterior: pd.DataFrame  # N_POSTERIOR joint draws, one column per calibrated parameter
    ranges: pd.DataFrame  # parameter, prior low/central/high, posterior p10/p50/p90
    fit: pd.DataFrame  # episode, observed, prior and posterior median prediction
    loo: pd.DataFrame  # see LOO_COLUMNS
    ess: float  # effective sample size of the importance weights
    n_prior: int
    episodes_used: list[str]

    @property
    def hit_rate(self) -> float:
        return float(self.loo["hit"].mean())


_DIGESTS: dict[int, tuple[pd.DataFrame, bytes]] = {}


def _episodes_digest(episodes: pd.DataFrame) -> bytes:
    """Content hash of the episodes table, remembered per table object (it is asked for on every simulate())."""
    hit = _DIGESTS.get(id(episodes))
    if hit is None or hit[0] is not episodes:
        digest = hashlib.sha256(pd.util.hash_pandas_object(episodes.drop(columns="inputs_dict").astype(str),
                                                           index=False).to_numpy().tobytes()).digest()
        _DIGESTS.clear()
        hit = _DIGESTS[id(episodes)] = (episodes, digest)
    return hit[1]


def inputs_key(params: pd.DataFrame, episodes: pd.DataFrame, n_prior: int, seed: int) -> str:
    """sha256 over the episodes, the parameter values (names, low / central / high), the package version,
    draw count and seed."""
    h = hashlib.sha256()
    h.update("|".join(params["name"]).encode())
    h.update(params[["value_low", "value_central", "value_high"]].to_numpy(dtype=float).tobytes())
    h.update(_episodes_digest(episodes))
    h.update(f"{__version__}|{n_prior}|{seed}|{','.join(CALIBRATED)}".encode())
    return h.hexdigest()


def calibrate(params: pd.DataFrame, episodes: pd.DataFrame | None = None, n_prior: int = N_PRIOR, seed: int = SEED,
              progress: Callable[[str], None] | None = None) -> Calibration:
    """Importance-weighted joint calibration over ``n_prior`` prior draws (see the module docstring).

    Each episode's predictions for all draws are computed one episode at a time and kept only as log-likelihood
    terms (one (episodes, draws) matrix); the refit without episode i reuses the same draws and terms (the
    weights of the sum without row i). Predictions are recomputed where needed rather than kept (half the memory).
    """
    say = progress or (lambda msg: None)
    all_episodes = loaders.load_episodes() if episodes is None else episodes
    eps = calibration_episodes(all_episodes)
    if eps.empty:
        raise ValueError("episodes.csv: no episode has use_in_calibration = 1, so there is nothing to calibrate to")
    rng = np.random.default_rng(seed)
    say(f"calibration: {n_prior:,} prior draws of {len(CALIBRATED)} parameters against {len(eps)} episodes")
    p = prior_draws(params, n_prior, rng)
    rows = list(eps.itertuples())
    obs, sd = _observed(eps)
    loglik = np.empty((len(rows), n_prior))
    for i, r in enumerate(rows):
        pred = _predict(r.outcome_metric, r.lever, r.inputs_dict, p)
        loglik[i] = _loglik_terms(pred, obs[i], sd[i])
    w = _weights(_leave_one_out_sums(loglik, BLOCK_DRAWS))  # loglik's row i is now the sum without episode i
    ess = float(1 / (w ** 2).sum())
    say(f"calibration: effective sample size {ess:,.0f} of {n_prior:,}")
    idx = rng.choice(n_prior, size=N_POSTERIOR, replace=True, p=w)
    posterior = pd.DataFrame({k: p[k][idx] for k in CALIBRATED})
    ranges = parameter_widths(params, p, w)
    say("calibration: leave-one-episode-out validation")
    prior_median, posterior_median, loo = np.empty(len(rows)), np.empty(len(rows)), []
    for i, r in enumerate(rows):
        pred = _predict(r.outcome_metric, r.lever, r.inputs_dict, p)
        order, xs = _sort_order(pred)
        prior_median[i] = np.mean(xs[(len(xs) - 1) // 2:len(xs) // 2 + 1])  # as np.median: the middle one or two
        posterior_median[i] = _wquantile(pred, w, [0.5], (order, xs))[0]
        loo.append(_held_out(r, pred, loglik[i], obs[i], sd[i], rng))
    fit = pd.DataFrame({"episode_id": eps["episode_id"], "mechanism": eps["mechanism"], "outcome_metric": eps["outcome_metric"],
                        "observed": eps["observed_value"], "prior_median": prior_median, "posterior_median": posterior_median})
    key = inputs_key(params, all_episodes, n_prior, seed)
    return Calibration(key, posterior, ranges, fit, pd.DataFrame(loo, columns=list(LOO_COLUMNS)), ess, n_prior,
                       list(eps["episode_id"]))


def parameter_widths(params: pd.DataFrame, p: dict[str, np.ndarray], w: np.ndarray) -> pd.DataFrame:
    """Per calibrated parameter: prior low / central / high, prior and posterior 10th–90th percentiles and
    ``width_ratio`` = posterior 10–90% width ÷ prior 10–90% width (1 = the episodes taught nothing)."""
    rows = []
    uniform = _cumulative_share(np.full(len(w), 1 / len(w)))  # the same in any order of the draws
    for k in CALIBRATED:
        sorted_k = _sort_order(p[k])  # one sort for the prior and the posterior percentiles
        pr10, pr90 = np.interp([0.1, 0.9], uniform, sorted_k[1])
        q10, q50, q90 = _wquantile(p[k], w, [0.1, 0.5, 0.9], sorted_k)
        rows.append({"parameter": k, "prior_low": loaders.parameter(params, k, "low"),
                     "prior_central": loaders.parameter(params, k), "prior_high": loaders.parameter(params, k, "high"),
                     "prior_p10": pr10, "prior_p90": pr90, "posterior_p10": q10, "posterior_p50": q50, "posterior_p90": q90,
                     "width_ratio": (q90 - q10) / (pr90 - pr10) if pr90 > pr10 else float("nan")})
    return pd.DataFrame(rows)


def _held_out(r, pred: np.ndarray, loglik_without: np.ndarray, obs: float, sd: float, rng: np.random.Generator) -> dict:
    """LOO row of episode ``r``: its posterior predictive (source noise ``sd`` included) under the weights of the
    log-likelihood summed without it, against its observed value."""
    w = _weights(loglik_without)
    idx = rng.choice(len(w), size=N_POSTERIOR, replace=True, p=w)
    predictive = pred[idx] + rng.normal(0, sd, size=N_POSTERIOR)
    lo, med, hi = np.quantile(predictive, [0.1, 0.5, 0.9])
    return {"episode_id": r.episode_id, "region_name": r.region_name, "lever": r.lever,
            "mechanism": r.mechanism, "outcome_metric": r.outcome_metric, "observed_unit": r.observed_unit, "observed": obs,
            "predicted_median": med, "predicted_lo80": lo, "predicted_hi80": hi, "hit": bool(lo <= obs <= hi)}


# --- cache -----------------------------------------------------------------------------------------


def _cache_path(key: str, cache_dir: Path) -> Path:
    return cache_dir / f"calibration-{key[:20]}.json"


def _to_json(cal: Calibration) -> str:
    return json.dumps({
        "key": cal.key, "package_version": __version__, "n_prior": cal.n_prior, "ess": cal.ess,
        "episodes_used": cal.episodes_used, "posterior": cal.posterior.to_dict("list"),
        "ranges": cal.ranges.to_dict("records"), "fit": cal.fit.to_dict("records"), "loo": cal.loo.to_dict("records"),
    })


def _from_json(text: str) -> Calibration:
    d = json.loads(text)
    return Calibration(d["key"], pd.DataFrame(d["posterior"]), pd.DataFrame(d["ranges"]), pd.DataFrame(d["fit"]),
                       pd.DataFrame(d["loo"], columns=list(LOO_COLUMNS)), d["ess"], d["n_prior"], d["episodes_used"])


_MEMO: dict[str, Calibration] = {}
_EPISODES: dict[tuple, pd.DataFrame] = {}


def _default_episodes() -> pd.DataFrame:
    """data/raw/episodes.csv, re-read only when the file changes (simulate() asks for it on every call)."""
    path = paths.RAW_DIR / "episodes.csv"
    st = path.stat()
    stamp = (str(path), st.st_mtime_ns, st.st_size)
    if stamp not in _EPISODES:
        _EPISODES.clear()
        _EPISODES[stamp] = loaders.load_episodes()
    return _EPISODES[stamp]


def load_calibration(params: pd.DataFrame | None = None, episodes: pd.DataFrame | None = None,
                     n_prior: int = N_PRIOR, seed: int = SEED, cache_dir: Path | None = None,
                     progress: Callable[[str], None] | None = None) -> Calibration:
    """The calibration for these inputs: from memory, else from the cache file, else computed and cached."""
    params = loaders.load_parameters() if params is None else params
    episodes = _default_episodes() if episodes is None else episodes
    key = inputs_key(params, episodes, n_prior, seed)
    if key in _MEMO:
        return _MEMO[key]
    path = _cache_path(key, Path(cache_dir or CACHE_DIR))
    cal = None
    if path.exists():
        try:
            cal = _from_json(path.read_text(encoding="utf-8"))
            cal = cal if cal.key == key else None
        except (ValueError, KeyError):
            cal = None  # a damaged cache file is recomputed, never trusted
    if cal is None:  # computed lazily when the inputs changed since the last build: say so while it runs
        say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
        cal = calibrate(params, episodes, n_prior, seed, say)
        write_text_atomic(path, _to_json(cal))
        say(f"calibration: cached in {path}")
    _MEMO[key] = cal
    return cal


def default_posterior(params: pd.DataFrame | None = None) -> pd.DataFrame:
    """Posterior draws used by ``simulate`` unless told otherwise (cached calibration for these parameters)."""
    return load_calibration(params).posterior


def loo_validation(params: pd.DataFrame | None = None, episodes: pd.DataFrame | None = None, **kw) -> pd.DataFrame:
    """Leave-one-episode-out table (tidy; columns described by ``loo_column_descriptions``) for the report's methods appendix."""
    return load_calibration(params, episodes, **kw).loo
