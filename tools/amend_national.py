"""Documented amendments to data/raw/national_observations.csv: which count a row is, and when (issue 21).

Run once, by hand: ``python tools/amend_national.py && python tools/update_provenance.py && python
tools/record_jump_prior.py``. Idempotent: a row already amended is left alone, running it again changes nothing;
a row holding neither the old nor the new value stops the run, naming the row. Values are never changed; only
``metric`` or ``period``, and the reason is appended to the row's ``note`` ("AMENDED 2026-12-04 …").
``tools/add_national.py`` applies the same amendments to the rows it owns (N0600 onward), so both tools agree.

Why. The forecasts' jump component (``trends.jumps``) and the pooled backtest (``trends.backtest``) learn from
every province's series of ``active_participants``. Two different counts were mixed in it:
- active participants by employer location (Kemnaker / BPJS tables, "peserta aktif"), and
- the numerator of the Universal Coverage Jamsostek (UCJ) percentage: workers counted by NIK domicile, stated
  by BPJS regional or branch heads as "pekerja terlindungi", "capaian UCJ … N peserta", "N dari potensi …".
Lampung shows the gap: Kemnaker 508.956 active (Oct 2024, N0648) against 760.468 "behind the 24,86 %" (Sep
2024, N0390). A series that switches between them shows jumps and forecast misses that are not there.

How checked (4 Dec 2026). Every ``active_participants`` row (236) was read: the 190 rows from one statistical
table per date (Kemnaker Satu Data via SPN, the capstone CSV of dataset 1726, Databoks, GoodStats, Berdikari's
Kemnaker tables) are active counts and stay. The 46 rows from statements were read in their note and, where
the note did not settle it, on the page itself (``search`` over stored public pages: the source URL's text).
Rule applied, on the source's words only (never on the effect on the backtest): a count the source gives as
the numerator of the province's UCJ / coverage percentage of BPJS's potential-worker base ("capaian UCJ",
"cakupan … N peserta dari … potensi", "Coverage Share berdasarkan NIK") is ``ucj_participants``, whatever
adjective it carries (the UCJ numerator is itself a count of active members, by domicile); a count given
without such a percentage, or with a segment breakdown of the office's members and no percentage, stays
``active_participants`` (as ``tools/add_national.py`` states); pre-2021 statements (before the UCJ measure of
Inpres 2/2021) stay. Kept rows worth a word (not amended): N0167 Sulteng 231.145 (Dec 2021, "in 6.752 active
firms"; 24,22 % of 946.261 is 229.184, not this count, and the regional office's UCJ count then was 327.272,
Tribun Timur 13 Dec 2021); N0189 / N0618 Kaltim (the UCJ count is 686.897, N0177); N0393 Kepri (segments
PU/BPU/Jakon/PMI, no percentage); N0407 Bengkulu ("active", segments); N0445 Babel (PU+BPU+Jakon, no
percentage); N0461 NTT (a spoken range, 500-600 thousand "peserta"; not the base of the 35 %); N0501 Banten
(2,7 M, not the base of the 42,9 %: 2,7/6 = 45 %); N0635 / N0652 Sulteng (segment breakdowns); N0499 Aceh PU
(segment, not in the panel). Placeholder dates still unverified: N0332 / N0335 / N0336 Sulut (month not
visible), N0400-N0403 Jambi (ANTARA item dated "Minggu, 1 …", statement on a Friday during the Paritrana
Award 2024 news; the month fits 41,38 % Oct → 43,31 % → 45,17 % on 2 Dec 2024), S0338 GoodStats 2025 top-7
(no month in any stored copy).

``AMENDMENTS``: obs_id → (field, old, new, reason quoting the source).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_national import COLUMNS  # noqa: E402
from make_raw import RAW, _read, _write  # noqa: E402

AMENDED = "2026-12-04"
A, U = "active_participants", "ucj_participants"
_UCJ = "reclassified active_participants -> ucj_participants: "

AMENDMENTS: dict[str, tuple[str, str, str, str]] = {
    # --- UCJ numerators recorded as active participants ---
    "N0199": ("metric", A, U, _UCJ + "Waspada Aceh (Sep 2023): registered = 38,05 % of 1,7 M potential; headline "
              "'1,05 juta pekerja belum terlindungi' (1,7 M - 651 thousand), the UCJ gap"),
    "N0204": ("metric", A, U, _UCJ + "UCJ FGD ('Pacu cakupan UCJ'): 700.552 of 2.844.925 workers = 24,62 %, the UCJ "
              "percentage's numerator"),
    "N0332": ("metric", A, U, _UCJ + "ANTARA Manado ('kepesertaan BPJamsostek di Sulut mencapai 83,58 persen dari target'): "
              "workers protected in 2023 = 83,58 % of the Bappenas target of 720 thousand, the level of the regional "
              "office's UCJ count (623.409 = 80 % of potential, Tribun Timur 13 Dec 2021), not of a Kemnaker count"),
    "N0382": ("metric", A, U, _UCJ + "InfoJambi: 'coverage perlindungan … 39,52%, dengan total 518.632 peserta dari "
              "1.312.370 pekerja yang berpotensi menjadi peserta' (per 12 Aug 2024), at the Rakor UCJ 2024"),
    "N0385": ("metric", A, U, _UCJ + "Koran Jakarta (ANTARA): 141.984 'terdaftar' of a base of 240.009 = 59,16 %, "
              "the Papua UCJ percentage"),
    "N0390": ("metric", A, U, _UCJ + "ANTARA: 'cakupan Jamsostek Lampung 24,86 persen', 760.468 participants of a "
              "3,05 M potential base; Kemnaker counts 508.956 active for Oct 2024 (N0648)"),
    "N0400": ("metric", A, U, _UCJ + "ANTARA Jambi: '568.373 tenaga kerja dari 1,3 juta pekerja yang berpotensi … "
              "sudah terlindungi … 43,31 persen'"),
    "N0448": ("metric", A, U, _UCJ + "ANTARA Bali, UCJ article: 'capaian kepesertaan … per 31 Maret 2025 tercatat "
              "50,88 persen atau baru 935.079 peserta dari 1.873.899 penduduk bekerja'; Kemnaker: 1,1 M active Feb 2025"),
    "N0451": ("metric", A, U, _UCJ + "Possindo: workers protected in Kalteng = 46,2 % with 543.310 not yet "
              "protected (465.940 / 1.009.250 = 46,2 %), the UCJ split"),
    "N0469": ("metric", A, U, _UCJ + "Harian Malut: 'UCJ Maluku Utara per 31 Mei 2025 … 41,64 %', 176.604 of "
              "424.131 potential"),
    "N0472": ("metric", A, U, _UCJ + "Mediasatu News: 'UCJ Aceh 23,32 %, sekitar 408.974 pekerja'"),
    "N0474": ("metric", A, U, _UCJ + "MPP Kota Mataram: 'Cakupan kepesertaan … per Juni 2025 baru mencapai 30,7 "
              "persen … dari total potensi tenaga kerja 1.808.432 orang … realisasi kepesertaan baru mencapai 555.276' "
              "(event on optimalisasi UCJ)"),
    "N0478": ("metric", A, U, _UCJ + "Harian Fajar: 'Kepesertaan program Jaminan Sosial Ketenagakerjaan (UCJ) … "
              "1,327 juta pekerja … sekitar 47 persen' of 2,8 M potential (Bisnis.com: 'capaian UCJ … 47,38%'); "
              "Kemnaker: 1,09 M active Feb 2025"),
    "N0487": ("metric", A, U, _UCJ + "Tribun Lampung: 687 thousand 'terlindungi' = 24,5 % of 2,8 M formal+informal "
              "workers at the provincial Paritrana Award 2025; Kemnaker: 488.317 active Mar 2025 (N0651)"),
    "N0491": ("metric", A, U, _UCJ + "Serambinews: 407.773 registered = 25,46 % of a 1.601.559 potential from "
              "labour-force data (the UCJ percentage)"),
    "N0494": ("metric", A, U, _UCJ + "Serambinews: formal 334.786 registered of 711.705 potential = 47,04 % (UCJ, "
              "formal segment)"),
    "N0496": ("metric", A, U, _UCJ + "Serambinews: informal 72.987 registered of 889.854 potential = 8,2 % (UCJ, "
              "informal segment)"),
    "N0508": ("metric", A, U, _UCJ + "SulutNewsTV: 'UCJ Sulut capai 67,95 persen', about 573 thousand registered "
              "per 16 Dec 2025"),
    "N0511": ("metric", A, U, _UCJ + "Narasi21: coverage 54 % per 16 Dec 2025, about 314 thousand of 582 thousand "
              "potential (UCJ forum)"),
    "N0601": ("metric", A, U, _UCJ + "Dialognews: 'cakupan UC Jamsostek di Jambi tercatat mencapai 45,17%' and "
              "'Capaian perlindungan UC Jamsostek … 592.806 peserta aktif terdaftar hingga 2 Desember 2024'"),
    "N0608": ("metric", A, U, _UCJ + "ANTARA Babel: 'capaian Universal Coverage Jaminan Sosial Ketenagakerjaan (UCJ) "
              "per 14 Desember 2025 tercatat sebesar 33,10%, dengan total 189.742 peserta aktif'"),
    "N0640": ("metric", A, U, _UCJ + "Inside Lombok: 'tenaga kerja aktif yang dilindungi … 545,546 orang' and "
              "'Coverage kepesertaan … di NTB sebesar 29,26 persen' of 1.864.450 workers (545.546 / 1.864.450)"),
    "N0645": ("metric", A, U, _UCJ + "Tribun Pontianak: 'Coverage Share berdasarkan NIK Kalbar per November 2022 "
              "total peserta 667.719', counted by NIK domicile, of a 1.786.809 potential"),
    # --- placeholder periods that a source dates ---
    "N0526": ("period", "2025-12-31", "2025-07-15", "PLACEHOLDER DATE fixed: EKOIN.CO, 'Paritrana Award 2025 … "
              "di Hotel Aryaduta … pada Selasa (15/7)', the DKI regional head: 'tingkat kepesertaan … 51,39 persen … "
              "2.123.056 peserta' (https://ekoin.co/paritrana-award-2025-apresiasi-untuk-perlindungan-pekerja)"),
    "N0528": ("period", "2025-12-31", "2025-07-15", "PLACEHOLDER DATE fixed: stated at the DKI Paritrana Award 2025 "
              "on Tuesday 15 Jul 2025 (EKOIN.CO, https://ekoin.co/paritrana-award-2025-apresiasi-untuk-perlindungan-"
              "pekerja: '51,39 persen. Jumlah ini mencakup 2.123.056 peserta')"),
}
# Papua Barat (S0312, Manokwari branch head, a Saturday): the counts are the 2024 totals: 'Tahun 2024, pekerja
# rentan yang diikutkan … sebanyak 77.750 orang' (ANTARA Papua Barat, Sat 22 Mar 2025) and formal 73.621 in
# 'tahun sebelumnya' = 2024 (Pantau, the branch's 2025 review, babeindonesia.com/read?id=6500981).
_PB = ("PLACEHOLDER DATE fixed to the data year: the figures are the 2024 totals ('Tahun 2024, pekerja rentan … "
       "77.750', ANTARA Papua Barat 22 Mar 2025; formal 73.621 in 2024, Pantau 2025 review); stated on a Saturday "
       "after 22 Mar 2025")
AMENDMENTS.update({oid: ("period", "2025-03-31", "2024-12-31", _PB)
                   for oid in ("N0454", "N0455", "N0456", "N0457", "N0458", "N0459")})


def _stamp(reason: str) -> str:
    return f"AMENDED {AMENDED} (tools/amend_national.py): {reason}"


def amend_row(row: dict) -> dict:
    """``row`` with its amendment applied (a copy; unchanged when it has none or is already amended).
    SystemExit naming the row when the field holds neither the old nor the new value."""
    if row["obs_id"] not in AMENDMENTS:
        return row
    field, old, new, reason = AMENDMENTS[row["obs_id"]]
    if row[field] not in (old, new):
        raise SystemExit(f"national_observations.csv: {row['obs_id']} has {field}={row[field]!r}, "
                         f"expected {old!r} (or {new!r} once amended)")
    out = dict(row, **{field: new})
    stamp = _stamp(reason)
    if stamp not in out["note"]:
        out["note"] = f"{out['note']}; {stamp}" if out["note"] else stamp
    return out


def build(rows: list[dict]) -> list[dict]:
    """Every row with its amendment applied; SystemExit if an amended id is missing. Pure."""
    missing = set(AMENDMENTS) - {r["obs_id"] for r in rows}
    if missing:
        raise SystemExit(f"national_observations.csv: amended rows missing: {', '.join(sorted(missing))}")
    return [amend_row(r) for r in rows]


def main() -> None:
    path = RAW / "national_observations.csv"
    rows = _read(path)
    new = build(rows)
    changed = sum(a != b for a, b in zip(rows, new))
    _write(path, new, COLUMNS)
    print(f"national rows amended now: {changed} (of {len(AMENDMENTS)} listed); "
          "now run python tools/update_provenance.py and python tools/record_jump_prior.py")


if __name__ == "__main__":
    main()
