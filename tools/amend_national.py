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
(2,7 M, not the base of the 42,9 %: 2,7/6 = 45 %); N0635 / N0652 Sulteng (segment breakdowns, "belum 50
persen" is not computed on them). 24 rows are reclassified (N0494 / N0496 / N0499 are Aceh's formal and
informal segments, outside the panel, reclassified with their total). Placeholder dates still unverified
(left as they are): N0332 / N0335 / N0336 Sulut (month not visible; the page text is not stored), S0338
GoodStats 2025 top-7 (no month in any stored copy). Dated now: N0526 / N0528 DKI, N0400-N0403 Jambi,
N0454-N0459 Papua Barat (below).

``AMENDMENTS``: obs_id → ((field, old, new), …), reason quoting the source.
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


def _ucj(reason: str) -> tuple[tuple[tuple[str, str, str], ...], str]:
    return (("metric", A, U),), _UCJ + reason


AMENDMENTS: dict[str, tuple[tuple[tuple[str, str, str], ...], str]] = {
    # --- UCJ numerators recorded as active participants (words read on the page unless said otherwise) ---
    "N0199": _ucj("Waspada Aceh (10 Nov 2023): 'hanya 38,05 persen pekerja di Aceh yang memiliki jaminan sosial "
                  "... dari potensi pekerja seluruh segmen sebanyak 1,7 juta orang, hanya 651 ribu pekerja yang "
                  "terdaftar'; Kemnaker: 583.638 active Dec 2023"),
    "N0204": _ucj("Minangkabaunews, FGD 'Optimalisasi UCJ': 'Hingga Oktober 2023, sebanyak 24,62% atau 700.552 dari "
                  "total 2.844.925 pekerja di Sumbar telah terdaftar'"),
    "N0332": _ucj("ANTARA Manado, headline 'kepesertaan BPJamsostek di Sulut mencapai 83,58 persen dari target': "
                  "workers protected in 2023 as attainment of the 720 thousand coverage target (note; the page text is "
                  "not in the stored copies), the regional office's coverage count (Sulut 623.409 = 80 % of potential, "
                  "Tribun Timur 13 Dec 2021), not a Kemnaker table"),
    "N0382": _ucj("InfoJambi, Rakor UCJ 2024: 'coverage perlindungan ... 39,52%, dengan total 518.632 peserta dari "
                  "1.312.370 pekerja yang berpotensi menjadi peserta, sesuai data per 12 Agustus 2024'"),
    "N0385": _ucj("Koran Jakarta (ANTARA), Paritrana Award Papua 'menuju Universal Coverage Jamsostek (UCJ)': 'Sebanyak "
                  "141.984 atau 59,16 persen penduduk ... terdaftar ... Dari total jumlah penduduk ... 240.009 jiwa'"),
    "N0390": _ucj("ANTARA: 'Cakupan perlindungan jaminan sosial ketenagakerjaan di Provinsi Lampung per September ini "
                  "... baru 24,86 persen atau bila dikonversi sebanyak 760.468 peserta' of a 3,05 M potential; "
                  "Kemnaker: 508.956 active Oct 2024 (N0648)"),
    "N0400": ((("metric", A, U), ("period", "2024-11-30", "2024-09-13")), _UCJ + "ANTARA Jambi: 'Sebanyak 568.373 "
              "tenaga kerja dari 1,3 juta pekerja yang berpotensi ... sudah terlindungi ... 43,31 persen'. "
              + "PERIOD: see N0401"),
    "N0448": _ucj("ANTARA Bali, UCJ article: 'capaian kepesertaan untuk wilayah Bali per 31 Maret 2025 tercatat 50,88 "
                  "persen atau baru 935.079 peserta dari 1.873.899 penduduk bekerja'; Kemnaker: 1,1 M active Feb 2025"),
    "N0451": _ucj("Possindo: 'hingga Maret 2025, baru 46,2% atau sekitar 465.940 pekerja ... Program Universal "
                  "Coverage Jamsostek (UCJ)', 543.310 not yet protected (Prokalteng: 'Capaian UCJ 46,2%'); Kemnaker: "
                  "686.023 active Dec 2023"),
    "N0469": _ucj("Harian Malut: 'Realisasi Universal Coverage Jamsostek (UCJ) Maluku Utara per 31 Mei 2025 mencapai "
                  "176.604 pekerja ... 41,64 persen' of a 424.131 potential"),
    "N0472": _ucj("Mediasatu News: 'dari target UCJ sebesar 43,54 persen ... saat ini baru tercapai sekitar 408.974 "
                  "pekerja atau 23,32 persen'"),
    "N0474": _ucj("MPP Kota Mataram, on optimalisasi UCJ: 'Cakupan kepesertaan ... per Juni 2025 baru mencapai 30,7 "
                  "persen ... dari total potensi tenaga kerja 1.808.432 orang ... realisasi kepesertaan baru mencapai "
                  "555.276 orang'"),
    "N0478": _ucj("Harian Fajar: 'Kepesertaan program Jaminan Sosial Ketenagakerjaan (UCJ) ... 1,327 juta pekerja "
                  "... sekitar 47 persen' of 2,8 M potential (Bisnis.com: 'capaian Universal Coverage Jamsostek (UCJ) "
                  "... 47,38%'); Kemnaker: 1,09 M active Feb 2025"),
    "N0487": _ucj("Tribun Lampung, Paritrana Award 2025: 'Untuk Lampung, persentasenya baru 24,5 persen. Dari total "
                  "2,8 juta pekerja ... baru 687 ribu yang terlindungi' (NIK-based district data); Kemnaker: 488.317 "
                  "active Mar 2025 (N0651)"),
    "N0491": _ucj("Serambinews: 'potensi cakupan (coverage) ... 1.601.559 jiwa. Dari jumlah ini, yang baru "
                  "terealisasi atau terdaftar ... sekitar 25,46 persen atau 407.773 jiwa' (data to Aug 2025)"),
    "N0494": _ucj("Serambinews: 'Potensi coverage formal berjumlah 711.705 jiwa dan yang terdaftar 334.786 jiwa atau "
                  "47,04 persen'"),
    "N0496": _ucj("Serambinews: 'Potensi coverage informal ... 889.854 jiwa dan terdaftar 72.987 jiwa atau 8,20 "
                  "persen'"),
    "N0499": _ucj("Punca.co: 'Dari total potensi 711.707 pekerja, baru 328.276 orang yang tercatat aktif' - the formal "
                  "UCJ potential (711.705 in Serambinews, N0494), so the formal UCJ numerator"),
    "N0508": _ucj("SulutNewsTV, Monev UCJ: 'hingga 16 Desember 2025, capaian UCJ Provinsi Sulawesi Utara berada pada "
                  "angka 67,95 persen, atau setara 573 ribu tenaga kerja terdaftar'"),
    "N0511": _ucj("Narasi21: 'Universal Coverage Jamsostek (UCJ) Provinsi Gorontalo baru mencapai 54 persen atau "
                  "sekitar 314 ribu tenaga kerja dari total potensi 582 ribu pekerja'"),
    "N0601": _ucj("Dialognews: 'cakupan UC Jamsostek di Jambi tercatat mencapai 45,17%' and 'Capaian perlindungan UC "
                  "Jamsostek ... 592.806 peserta aktif terdaftar hingga 2 Desember 2024'"),
    "N0608": _ucj("ANTARA Babel: 'capaian Universal Coverage Jaminan Sosial Ketenagakerjaan (UCJ) per 14 Desember 2025 "
                  "tercatat sebesar 33,10%, dengan total 189.742 peserta aktif'"),
    "N0640": _ucj("Inside Lombok: 'tenaga kerja aktif yang dilindungi ... 545,546 orang' and 'Coverage kepesertaan "
                  "BPJS Ketenagakerjaan di NTB sebesar 29,26 persen' of 1.864.450 workers (545.546 / 1.864.450)"),
    "N0645": _ucj("Tribun Pontianak: 'Coverage Share jika berdasarkan NIK Kalbar per November 2022 total peserta "
                  "667.719 peserta. Peserta aktif dari total potensi 1.786.809 angkatan kerja' - counted by NIK"),
    # --- placeholder periods that a source dates ---
    "N0526": ((("period", "2025-12-31", "2025-07-15"),), "PLACEHOLDER DATE fixed: EKOIN.CO, 'Paritrana Award 2025 ... "
              "di Hotel Aryaduta ... pada Selasa (15/7)', the DKI regional head: 'tingkat kepesertaan ... 51,39 "
              "persen. Jumlah ini mencakup 2.123.056 peserta' (ekoin.co/paritrana-award-2025-apresiasi-untuk-"
              "perlindungan-pekerja)"),
}
AMENDMENTS["N0528"] = AMENDMENTS["N0526"]
# Jambi (S0302): the statement came with the province's Paritrana Award 2024, handed over by the Vice-President on
# Thursday 12 Sep 2024 (Aktualitas.id, 13 Sep 2024); ANTARA's statement is on a Friday and its item is dated
# "Minggu, 1…" (Sunday 15 Sep 2024 is the first such Sunday after the award); Jambi Ekspres ran the same figure
# under "Gubernur Al Haris Terima Penghargaan Paritrana Award 2024".
_JAMBI = ("PLACEHOLDER DATE (about Nov 2024) fixed: said on Friday 13 Sep 2024, the day after the Vice-President "
          "handed Jambi the Paritrana Award 2024 (Thu 12 Sep 2024, Aktualitas.id); ANTARA item dated 'Minggu, 1[5 Sep]', "
          "Jambi Ekspres: 'Gubernur Al Haris Terima Penghargaan Paritrana Award 2024' with the same 568.373 / 43,31%")
AMENDMENTS["N0400"] = (AMENDMENTS["N0400"][0], AMENDMENTS["N0400"][1].replace("PERIOD: see N0401", _JAMBI))
AMENDMENTS.update({oid: ((("period", "2024-11-30", "2024-09-13"),), _JAMBI) for oid in ("N0401", "N0402", "N0403")})
# Papua Barat (S0312, Manokwari branch head, a Saturday): the counts are the 2024 totals: 'Tahun 2024, pekerja
# rentan yang diikutkan … sebanyak 77.750 orang' (ANTARA Papua Barat, Sat 22 Mar 2025) and formal 73.621 in
# 'tahun sebelumnya' = 2024 (Pantau, the branch's 2025 review, babeindonesia.com/read?id=6500981).
_PB = ("PLACEHOLDER DATE fixed to the data year: the figures are the 2024 totals ('Tahun 2024, pekerja rentan ... "
       "77.750', ANTARA Papua Barat 22 Mar 2025; formal 73.621 in 2024, Pantau 2025 review); stated on a Saturday "
       "after 22 Mar 2025")
AMENDMENTS.update({oid: ((("period", "2025-03-31", "2024-12-31"),), _PB)
                   for oid in ("N0454", "N0455", "N0456", "N0457", "N0458", "N0459")})


def _stamp(reason: str) -> str:
    return f"AMENDED {AMENDED} (tools/amend_national.py): {reason}"


def amend_row(row: dict) -> dict:
    """``row`` with its amendment applied (a copy; unchanged when it has none or is already amended).
    SystemExit naming the row when a field holds neither the old nor the new value."""
    if row["obs_id"] not in AMENDMENTS:
        return row
    changes, reason = AMENDMENTS[row["obs_id"]]
    out = dict(row)
    for field, old, new in changes:
        if row[field] not in (old, new):
            raise SystemExit(f"national_observations.csv: {row['obs_id']} has {field}={row[field]!r}, "
                             f"expected {old!r} (or {new!r} once amended)")
        out[field] = new
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
