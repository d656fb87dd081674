"""The calibration's fast path (issue #19: the whole calibration ≤ 30 s) gives the straightforward computation's
results bit for bit: every episode predicted for all draws at once, the log-likelihood matrix summed with
``sum(axis=0)``, each refit's matrix a copy without the held-out row, weighted quantiles through ``np.argsort``."""

import numpy as np
import pandas as pd
import pytest

from sumsel_analysis.data import loaders
from sumsel_analysis.policy import calibration


def _weights(loglik):
    s = loglik.sum(axis=0)
    w = np.exp(s - s.max())
    return w / w.sum()


def _wquantile(x, w, qs):
    order = np.argsort(x)
    cw = np.cumsum(w[order])
    cw /= cw[-1]
    return np.interp(qs, cw, x[order])


def reference_calibration(params, episodes, n_prior, seed):
    """(posterior, ranges, fit, loo, ess) computed the straightforward way, with the same random stream."""
    eps = calibration.calibration_episodes(episodes)
    rng = np.random.default_rng(seed)
    p = calibration.prior_draws(params, n_prior, rng)
    pred = calibration.predict_episodes(eps, p)
    ll = calibration.log_likelihood(pred, eps)
    w = _weights(ll)
    idx = rng.choice(n_prior, size=calibration.N_POSTERIOR, replace=True, p=w)
    posterior = pd.DataFrame({k: p[k][idx] for k in calibration.CALIBRATED})
    uniform = np.full(n_prior, 1 / n_prior)
    ranges = [(k, *_wquantile(p[k], uniform, [0.1, 0.9]), *_wquantile(p[k], w, [0.1, 0.5, 0.9]))
              for k in calibration.CALIBRATED]
    fit = (np.median(pred, axis=1), [_wquantile(row, w, [0.5])[0] for row in pred])
    obs = eps["observed_value"].to_numpy(dtype=float)
    sd = eps["noise_sd_rel"].to_numpy(dtype=float) * np.abs(obs)
    loo = []
    for i in range(len(eps)):
        wi = _weights(np.delete(ll, i, axis=0))
        sample = rng.choice(n_prior, size=calibration.N_POSTERIOR, replace=True, p=wi)
        predictive = pred[i, sample] + rng.normal(0, sd[i], size=calibration.N_POSTERIOR)
        loo.append(np.quantile(predictive, [0.1, 0.5, 0.9]))
    return posterior, ranges, fit, np.array(loo), float(1 / (w ** 2).sum())


@pytest.mark.parametrize("block", [777, calibration.BLOCK_DRAWS])
def test_calibration_equals_the_straightforward_computation_bit_for_bit(raw_dir, monkeypatch, block):
    params, episodes = loaders.load_parameters(raw_dir), loaders.load_episodes(raw_dir)
    monkeypatch.setattr(calibration, "BLOCK_DRAWS", block)
    n_prior = 20_001  # several blocks and a short last one
    cal = calibration.calibrate(params, episodes, n_prior=n_prior, seed=7)
    posterior, ranges, (prior_median, posterior_median), loo, ess = reference_calibration(params, episodes, n_prior, 7)
    pd.testing.assert_frame_equal(cal.posterior, posterior, check_exact=True)
    assert cal.ess == ess
    got = cal.ranges[["parameter", "prior_p10", "prior_p90", "posterior_p10", "posterior_p50", "posterior_p90"]]
    assert [tuple(r) for r in got.itertuples(index=False)] == ranges
    assert cal.fit["prior_median"].tolist() == list(prior_median)
    assert cal.fit["posterior_median"].tolist() == posterior_median
    assert np.array_equal(cal.loo[["predicted_lo80", "predicted_median", "predicted_hi80"]].to_numpy(), loo)
    assert cal.loo["hit"].tolist() == [lo <= o <= hi for (lo, _, hi), o in zip(loo, cal.loo["observed"])]


@pytest.mark.parametrize("n_eps", [1, 2, 5, 20])
@pytest.mark.parametrize("block", [1, 3, 4096])
def test_leave_one_out_sums_add_in_the_order_of_sum_over_episodes(n_eps, block):
    rng = np.random.default_rng(n_eps)
    ll = -0.5 * rng.standard_normal((n_eps, 1000)) ** 2 * 10.0 ** rng.integers(-8, 8, (n_eps, 1000))
    without = ll.copy()
    total = calibration._leave_one_out_sums(without, block)
    assert np.array_equal(total.view(np.uint64), ll.sum(axis=0).view(np.uint64))
    for i in range(n_eps):
        assert np.array_equal(without[i].view(np.uint64), np.delete(ll, i, axis=0).sum(axis=0).view(np.uint64))


def _arrays():
    rng = np.random.default_rng(3)
    near = 1 + rng.integers(0, 50, 200_000) * np.finfo(float).eps  # many values a few ulps apart: shared top bits
    yield "near", rng.permutation(np.concatenate([near[np.unique(near, return_index=True)[1]],
                                                 rng.random(100_000)]))
    yield "signs", rng.standard_normal(300_001) * 10.0 ** rng.integers(-300, 300, 300_001)
    yield "ties", rng.integers(0, 1000, 50_000) / 7
    yield "zeros", np.array([0.0, -0.0, 1.0, -1.0, 0.0])
    yield "nan", np.array([3.0, np.nan, -np.inf, 1.0, np.inf])
    yield "small", np.array([2.0])
    yield "empty", np.array([])
    yield "triangular", rng.triangular(0.1, 0.4, 0.9, 1_600_000)


@pytest.mark.parametrize("name, x", list(_arrays()), ids=[n for n, _ in _arrays()])
def test_sort_order_is_numpys_argsort(name, x):
    order, xs = calibration._sort_order(x)
    ref = np.argsort(x)
    assert np.array_equal(order, ref) and np.array_equal(xs, x[ref], equal_nan=True)
    w = np.random.default_rng(1).random(len(x))
    if len(x) > 1 and np.isfinite(x).all():
        assert np.array_equal(calibration._wquantile(x, w, [0.1, 0.5, 0.9]), _wquantile(x, w, [0.1, 0.5, 0.9]))


def test_no_calibration_episode_is_a_clear_error(raw_dir):
    episodes = loaders.load_episodes(raw_dir).assign(use_in_calibration=0)
    with pytest.raises(ValueError, match="no episode has use_in_calibration = 1"):
        calibration.calibrate(loaders.load_parameters(raw_dir), episodes, n_prior=100)
