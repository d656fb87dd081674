"""The lever mechanics as small pure functions, each fitted to documented episodes (data/raw/episodes.csv).

Every function takes arrays (broadcasting over Monte Carlo draws and months) and returns arrays; none
reads data or draws random numbers. ``model`` assembles them into the lever paths and ``calibration``
uses them to predict each episode's outcome.

- ``registration_ramp``: a verified list is registered over months (failed NIK checks, duplicates),
  not in month 1 — Kutai Timur had 98k of 150k registered after a year; Muba's 34k new listed workers
  added ~14k active in 7 months (episodes E01–E03).
- ``funded_months_with_renewal``: each new budget year a programme is renewed with a probability.
- ``catchup_wave``: a licence rule brings a one-off wave of existing unregistered firms that decays
  geometrically back to the new-firm flow (Jember 2015: 12× the prior monthly rate, E05).
- ``firms_to_workers``: registered firms × registered workers per firm, by size class.
- ``voluntary_enrolment``: cumulative enrolment from an annual voluntary flow (the RCT control, E06).

Issue #19 adds the mechanisms a real programme is budgeted with (each tested on its own episodes,
column ``mechanism`` of episodes.csv):

- ``list_enrolment`` (mechanism ``list_status``): a *verified* list (names already matched to NIK and
  BPJS records before budgeting) passes almost whole and is registered within weeks; an *unverified*
  list loses names to NIK checks and duplicates and registers over months; names *already enrolled*
  add nothing.
- ``kept_after_funding`` / ``active_after_funding`` (mechanism ``payer_after_stop``): who pays when a
  funder stops — district, village or employer keep the share they take over; the worker keeps paying
  with a self-payment share that then lapses; nobody → the list goes inactive after the arrears months.
- ``schedule_funded`` (mechanism ``budget_schedule``): list size and funded months per budget year;
  a restart after a gap re-verifies the list.
- ``gate_flow`` / ``paying_workers`` (mechanism ``mandate_chain``): firms passing a licensing gate →
  registering (compliance) → paying → active paid workers, by size class.
"""

from __future__ import annotations

import numpy as np


def registration_ramp(k: np.ndarray, ramp_months: np.ndarray) -> np.ndarray:
    """Share of a verified list registered by month ``k`` (0 = first month): 1 − (1 − 1/R)^(k+1), 0 before.

    Each month 1/R of the not-yet-registered list is registered (mean delay ≈ R months); R ≤ 1 → all at once.
    """
    r = 1.0 / np.maximum(ramp_months, 1.0)
    return np.where(k >= 0, 1.0 - (1.0 - r) ** (np.maximum(k, -1) + 1), 0.0)


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
    first, rho = catchup_wave_terms(pool_firms, share, decay_months)
    return np.where(k >= 0, first * rho ** np.maximum(k, 0), 0.0)


def catchup_wave_terms(pool_firms: np.ndarray, share: np.ndarray, decay_months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the wave's first month pool · share · (1 − ρ), ρ = exp(−1/decay)): month k's wave is first · ρ^k."""
    rho = np.exp(-1.0 / np.maximum(decay_months, 1e-9))
    return pool_firms * share * (1 - rho), rho


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


# --- issue #19: list status, payer after a stop, budget-year schedule, the mandate chain ------------------

LIST_STATUSES = ("verified", "unverified")
PAYERS = ("district", "village", "employer", "worker", "nobody")


def list_enrolment(listed, already_share, pass_share):
    """Names on a list that add coverage once registered: listed × (1 − already enrolled) × share passing checks.

    ``pass_share`` is the share that survives NIK checks and de-duplication (verified lists ≈ 1); names
    already enrolled cost premiums but add no coverage.
    """
    return listed * (1 - already_share) * pass_share


def kept_after_funding(payer: str, takeover_share, self_pay_share):
    """(share carried by another payer for good, share that tries to pay itself) when a funder stops.

    - 'district' / 'village' / 'employer': that payer keeps ``takeover_share`` of the list; the rest
      is left to pay themselves (``self_pay_share`` of them try);
    - 'worker': nobody takes over, ``self_pay_share`` of the list tries to pay itself;
    - 'nobody': no one pays — the list goes inactive after the arrears months.
    """
    if payer not in PAYERS:
        raise ValueError(f"payer must be one of {PAYERS}, got {payer!r}")
    if payer == "nobody":
        return 0.0 * np.asarray(takeover_share, dtype=float), 0.0 * np.asarray(self_pay_share, dtype=float)
    carried = np.asarray(takeover_share, dtype=float) if payer in ("district", "village", "employer") else (
        0.0 * np.asarray(takeover_share, dtype=float))
    return carried, (1 - carried) * np.asarray(self_pay_share, dtype=float)


def active_after_funding(m, carried, self_paying, self_hazard, grace):
    """Share of the funded stock active ``m`` months after funding ended (m = 0: first unfunded month).

    Everyone stays through the ``grace`` months of arrears (BPJS deactivates a BPU member after 3
    unpaid months); then the ``carried`` share stays, the ``self_paying`` share lapses at
    ``self_hazard`` per month, and the rest is inactive. 1 while m < 0 (still funded).
    """
    m = np.asarray(m, dtype=float)
    after = np.maximum(m + 1 - grace, 0)
    level = carried + self_paying * (1 - self_hazard) ** after
    return np.where(m < 0, 1.0, np.where(m + 1 <= grace, 1.0, level))


def self_payment_survival(months, self_hazard):
    """Share of self-paying members still paying after ``months`` months: (1 − hazard)^months."""
    return (1 - self_hazard) ** np.asarray(months, dtype=float)


def schedule_funded(month_years: np.ndarray, month_numbers: np.ndarray, schedule: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Per simulated month: (workers funded, months since the list was last (re)started) from a budget-year schedule.

    ``schedule`` rows: {year, workers, months (default 12), first_month (default 1)} — the list funded in that budget
    year and for how many months from ``first_month``. A year that is missing or funds 0 months is a gap;
    funding after a gap restarts the list (registration starts again: re-verification), so the second
    array counts months since the latest (re)start (−1 where unfunded).
    """
    funded = np.zeros(len(month_years))
    by_year = {int(r["year"]): r for r in schedule}
    for i, (y, mo) in enumerate(zip(month_years, month_numbers)):
        r = by_year.get(int(y))
        if r is None:
            continue
        first = int(r.get("first_month", 1))
        if first <= mo < first + int(r.get("months", 12)):
            funded[i] = float(r["workers"])
    since = np.full(len(funded), -1.0)
    run = -1
    for i, f in enumerate(funded):
        run = run + 1 if f > 0 and run >= 0 else (0 if f > 0 else -1)
        since[i] = run
    return funded, since


def gate_flow(pool_firms, gate_share_per_month, compliance):
    """Firms registering in a month because they pass a licensing gate: pool × monthly gate share × compliance."""
    return pool_firms * gate_share_per_month * compliance


def paying_workers(registered_workers, paying_share):
    """Registered workers whose employer actually pays (active paid workers): registered × paying share."""
    return registered_workers * paying_share
