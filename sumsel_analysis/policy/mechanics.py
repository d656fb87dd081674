"""The lever mechanics as small pure functions, each fitted to documented episodes (data/raw/episodes.csv).

Every function takes arrays (broadcasting over Monte Carlo draws and months) and returns arrays; none
reads data or draws random numbers. ``model`` assembles them into the lever paths and ``calibration``
uses them to predict each episode's outcome.

- ``registration_ramp``: a verified list is registered over months (failed NIK checks, duplicates),
  not in month 1 — Kutai Timur had 98k of 150k registered after a year; Muba's 34k new listed workers
  added ~14k active in 7 months (episodes E01–E03).
- ``survival_after_funding``: after funding ends, workers stay active through the arrears grace
  (BPU are dropped after 3 months in arrears), a share is carried on by other payers or themselves,
  the rest lapses with a monthly hazard — not a cliff (Sulut lost ~8 pp of coverage in the unfunded
  year, not its whole list; the JKN RCT kept ~2× control a year after; E04, E08).
- ``funded_months_with_renewal``: each new budget year a programme is renewed with a probability.
- ``catchup_wave``: a licence rule brings a one-off wave of existing unregistered firms that decays
  geometrically back to the new-firm flow (Jember 2015: 12× the prior monthly rate, E05).
- ``firms_to_workers``: registered firms × registered workers per firm, by size class.
- ``voluntary_enrolment``: cumulative enrolment from an annual voluntary flow (the RCT control, E06).
"""

from __future__ import annotations

import numpy as np


def registration_ramp(k: np.ndarray, ramp_months: np.ndarray) -> np.ndarray:
    """Share of a verified list registered by month ``k`` (0 = first month): 1 − (1 − 1/R)^(k+1), 0 before.

    Each month 1/R of the not-yet-registered list is registered (mean delay ≈ R months); R ≤ 1 → all at once.
    """
    r = 1.0 / np.maximum(ramp_months, 1.0)
    return np.where(k >= 0, 1.0 - (1.0 - r) ** (np.maximum(k, -1) + 1), 0.0)


def survival_after_funding(m: np.ndarray, hazard: np.ndarray, carried: np.ndarray, grace: np.ndarray) -> np.ndarray:
    """Share of the funded stock still active ``m`` months after funding ended (m = 0: first unfunded month).

    Everyone stays through the ``grace`` months of arrears; then the ``carried`` share stays for good
    (other payers or self-payment) and the rest lapses at ``hazard`` per month:
    carried + (1 − carried) · (1 − hazard)^max(0, m + 1 − grace). 1 while m < 0 (still funded).
    """
    lapsing = np.maximum(m + 1 - grace, 0)
    return np.where(m < 0, 1.0, carried + (1 - carried) * (1 - hazard) ** lapsing)


def funded_months_with_renewal(planned_months: int, start_month: int, renewal_prob: np.ndarray,
                               u: np.ndarray) -> np.ndarray:
    """Months actually funded per draw when each new budget year (January) the programme is renewed
    with ``renewal_prob``. ``start_month`` is the calendar month (1–12) of the start; ``u`` holds
    uniform numbers, one column per budget-year boundary (zeros = always renewed, the central path).
    """
    p = np.asarray(renewal_prob, dtype=float).reshape(-1)
    first_boundary = 13 - start_month  # months until the first January after the start
    boundaries = np.arange(first_boundary, planned_months, 12)
    funded = np.full(p.shape, float(planned_months))
    stopped = np.zeros(p.shape, dtype=bool)
    for j, b in enumerate(boundaries):
        stop_now = ~stopped & (u[:, j] >= p)
        funded = np.where(stop_now, float(b), funded)
        stopped |= stop_now
    return funded


def catchup_wave(k: np.ndarray, pool_firms: np.ndarray, share: np.ndarray, decay_months: np.ndarray) -> np.ndarray:
    """Existing firms registering in month ``k`` (0 = the rule's first month) in the catch-up wave:
    pool · share · (1 − ρ) · ρ^k with ρ = exp(−1/decay); the wave's total is pool · share. 0 before the start.
    """
    rho = np.exp(-1.0 / np.maximum(decay_months, 1e-9))
    return np.where(k >= 0, pool_firms * share * (1 - rho) * rho ** np.maximum(k, 0), 0.0)


def catchup_total(months: np.ndarray, pool_firms: np.ndarray, share: np.ndarray, decay_months: np.ndarray) -> np.ndarray:
    """Firms registered by the wave in its first ``months`` months: pool · share · (1 − ρ^months)."""
    rho = np.exp(-1.0 / np.maximum(decay_months, 1e-9))
    return pool_firms * share * (1 - rho ** months)


def firms_to_workers(firms: np.ndarray, workers_per_firm: np.ndarray) -> np.ndarray:
    """Workers registered by ``firms`` registering firms: firms × registered workers per firm."""
    return firms * workers_per_firm


def voluntary_enrolment(months: np.ndarray, rate_per_year: np.ndarray) -> np.ndarray:
    """Cumulative share enrolled on their own after ``months`` months at an annual rate: 1 − (1 − rate)^(months/12)."""
    return 1 - (1 - rate_per_year) ** (np.asarray(months, dtype=float) / 12)
