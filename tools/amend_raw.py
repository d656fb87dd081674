"""Documented amendments to data/raw/ made after tools/make_raw.py (issue 20 item 10). Run once, by hand:

    python tools/amend_raw.py && python tools/update_provenance.py

Idempotent: running it again changes nothing. Values are never changed; what it does:

1. The headline figure's source. The Dec 2025 figures (1.035.000 protected, 32,82%, 1,3 juta base, 51% target,
   409 ribu gap; rows C0263–C0267, source S0074 "Berita Suara Rakyat (Palembang)") had no URL: the shared
   fact base could not find the article (../shared/facts/coverage/NOTES.md, "Holes"). A search of stored public
   pages (3 Dec 2026; queries "Berita Suara Rakyat BPJS Ketenagakerjaan Sumbagsel Paritrana 1.035.000 pekerja
   32,82 persen") found the Berita Suara Rakyat page below: Palembang, Thursday 4/12/2025, the evaluation of the
   Paritrana Award 2024 for Sumsel held by BPJS Ketenagakerjaan Sumbagsel, the regional head Muhyidin speaking
   — the publisher, date, event and speaker the rows record. The stored excerpt ends before the figures, so the
   numbers are as the fact base recorded them, not re-read from the page; ``FOUND_URLS`` says so in the title
   basis.
2. Bounds. A figure the source states as a bound ("below 1 percent", "at least 48 percent") gets a ``bound``
   column in coverage_observations.csv: ``upper`` (the true value is below the number), ``lower`` (at least
   the number) or empty (stated as a value). Read from the row's note, which quotes the source's words
   (``bound_from_note``), so every output can print "< 1%" instead of "1,00%".
3. The APBD amendment deadline (issue 20). The APBD-P row of legal_basis.csv quoted UU 25/1999 art. 20(2), a law
   repealed by UU 33/2004. The rule in force is PP 12/2019 (Pengelolaan Keuangan Daerah) art. 179(1)-(2): the DPRD
   and the regional head decide jointly on the draft Perda on the APBD amendment at the latest three months before
   the budget year ends (30 September). A search of stored public pages (3 Dec 2026; queries "PP 12 2019 pasal 179
   perubahan APBD", "APBD-P disahkan sebelum 30 September sesuai PP 12/2019") found the article number cited by the
   DPRD of Sumatera Barat in Lintas Sumbar (Sep 2021: "pasal 179 ayat 1 dan 2 … paling lambat 3 bulan sebelum masa
   anggaran berakhir"); the text of art. 179 itself was not read (JDIH copy not retrieved), so the row is
   ``secondary_sources``. Permendagri 77/2020 (technical guide) and the yearly Pedoman Penyusunan APBD set the
   intermediate steps (KUPA-PPAS perubahan in August), not a different deadline; they were not checked article by
   article. The row is replaced under a new id, ``PP_12_2019_APBD_P`` (deadline unchanged: 09-30).
4. Kab/kota business counts (issue 19). The licensing-mandate chain gates a region's own firms; only Ogan
   Komering Ulu had its own count (by size, the regency's SME office). A search of stored public pages
   (3 Dec 2026; "Sensus Ekonomi 2016 jumlah usaha kabupaten Sumatera Selatan", "Hasil Pendaftaran (Listing)
   Usaha/Perusahaan ... Sumatera Selatan") found the head of BPS Sumsel's provisional SE2016 listing figures
   for the largest and the smallest kab/kota (Bisnis.com, 2 Sep 2016): Kota Palembang about 154,000
   non-agricultural businesses, Musi Rawas Utara about 10,400 (province 656,700 provisional; the final
   BRS of 24 May 2017 gives 657,564, row L0035). The BRS's own kab/kota table was not in the stored excerpt,
   so the other 14 kab/kota keep the province's stock scaled (``FIRM_COUNTS``; appended to
   labour_observations.csv once, ids after the last).
5. Slug titles. Three sources (S0234, S0235, S0242) had the title "Rema hanna 1.438283", made from the URL slug
   of an IIES seminar page; it becomes "Rema Hanna, IIES (Stockholm University)" (``SLUG_TITLES``), the
   speaker and host the address names, without the page id.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
AMENDED = "2026-12-03"

# source_id → (url, title as printed on the page, how the title was found)
FOUND_URLS = {
    "S0074": ("https://beritasuararakyat.com/perlu-dukungan-penuh-dari-stakeholder-untuk-ketenagakerjaan-berikut-yang-disampaikan",
              "Perlu Dukungan Penuh Dari Stakeholder Untuk Ketenagakerjaan, Berikut Yang Disampaikan",
              "page heading (found 2026-12-03 by publisher, date, event and speaker; figures not re-read)"),
}
# Titles read from a URL slug that carry the slug's page id (amendment 5): source_id → (old title, new title,
# title basis). The IIES page is the seminar page of Rema Hanna (Stockholm University, April 2019) presenting
# the JKN trial of Banerjee, Finkelstein, Hanna, Olken, Ornaghi and Sumarto; its own heading was not retrieved,
# so the title gives the speaker and host only, without the slug's numeric id.
SLUG_TITLES = {sid: ("Rema hanna 1.438283", "Rema Hanna, IIES (Stockholm University)",
                     "from the page's address: the IIES seminar page of Rema Hanna (slug id dropped; heading not "
                     "retrieved)") for sid in ("S0234", "S0235", "S0242")}
# Kab/kota business counts (amendment 3): (geo_code, geo_name, value, note) from one source.
FIRM_SOURCE = ("S0359", "Bisnis.com", "Sensus ekonomi 10 tahun terakhir, unit usaha di Sumsel tumbuh 20,5%",
               "https://ekonomi.bisnis.com/read/20160902/9/580510/sensus-ekonomi-10-tahun-terakhir-unit-usaha-di-sumsel-tumbuh-205",
               "2016-09-02")
FIRM_COUNTS = (
    ("1671", "Kota Palembang", 154000, "SE2016 listing, provisional (head of BPS Sumsel, 1 Sep 2016): 'jumlah usaha "
     "terbanyak, yaitu 154.000 usaha'; non-agricultural businesses, all sizes; growth only 3% since SE2006"),
    ("1613", "Kabupaten Musi Rawas Utara", 10400, "SE2016 listing, provisional (head of BPS Sumsel, 1 Sep 2016): "
     "'jumlah usaha terkecil, yakni 10.400 usaha'; non-agricultural businesses, all sizes"),
)
_UPPER = re.compile(r"upper bound|'below\b|'under\b|less than|kurang dari", re.I)
_LOWER = re.compile(r"lower bound|'?at least\b|more than|lebih dari|sekurang-kurangnya", re.I)


def bound_from_note(note: str) -> str:
    """'upper' / 'lower' when the note quotes the source stating a bound, else ''."""
    if _UPPER.search(note):
        return "upper"
    if _LOWER.search(note):
        return "lower"
    return ""


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def amend_coverage(columns: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
    """Fill the URL of sources found later; add the ``bound`` column (after ``unit``)."""
    if "bound" not in columns:
        columns = columns[:columns.index("unit") + 1] + ["bound"] + columns[columns.index("unit") + 1:]
    for r in rows:
        if r["source_id"] in FOUND_URLS and not r["source_url"]:
            r["source_url"] = FOUND_URLS[r["source_id"]][0]
        r["bound"] = bound_from_note(r["note"])
    return columns, rows


def amend_sources(rows: list[dict]) -> list[dict]:
    """Give the sources found later their URL, title, title basis and access date."""
    for r in rows:
        if r["source_id"] in FOUND_URLS and not r["url"]:
            r["url"], r["title"], r["title_basis"] = FOUND_URLS[r["source_id"]]
            r["accessed_date"] = AMENDED
        if r["source_id"] in SLUG_TITLES and r["title"] == SLUG_TITLES[r["source_id"]][0]:
            r["title"], r["title_basis"] = SLUG_TITLES[r["source_id"]][1:]
    return rows


# the legal_basis.csv row replaced by its current legal basis: old instrument_id -> new row
LEGAL_REPLACED = {
    "APBD_P_DEADLINE": {
        "instrument_id": "PP_12_2019_APBD_P",
        "instrument": "PP 12/2019 art. 179(1)-(2): joint approval of the Perda on the APBD amendment (APBD-P)",
        "kind": "budget_calendar", "year": "2019", "topic": "apbd_calendar", "verification": "secondary_sources",
        "deadline_month_day": "09-30",
        "publisher": "Lintas Sumbar (quoting DPRD Sumbar)",
        "url": "https://www.lintassumbar.co.id/2021/09/nota-pengantar-apbd-p-sumbar-2021-diparipurnakan-dprd.html",
        "published_date": "2021-09", "fact_ref": "APBD preparation schedule",
        "note": "DPRD and regional head decide jointly on the APBD amendment at the latest three months before the budget "
                "year ends (30 September); otherwise the running APBD stays. Replaces UU 25/1999 art. 20(2) (repealed). "
                "Article number as cited by the DPRD of Sumatera Barat (Sep 2021); text not checked against JDIH",
    },
}


def amend_legal(rows: list[dict]) -> list[dict]:
    """Replace legal_basis rows quoting repealed rules by their current basis (``LEGAL_REPLACED``), in place."""
    return [dict(LEGAL_REPLACED[r["instrument_id"]]) if r["instrument_id"] in LEGAL_REPLACED else r for r in rows]


def amend_labour(columns: list[str], rows: list[dict]) -> list[dict]:
    """Append the kab/kota SE2016 business counts (``FIRM_COUNTS``) once, with ids after the last."""
    have = {(r["geo_code"], r["category"], r["source_id"]) for r in rows}
    last = max(int(r["obs_id"][1:]) for r in rows)
    sid, publisher, _title, url, published = FIRM_SOURCE
    for code, name, value, note in FIRM_COUNTS:
        if (code, "total_non_agriculture", sid) in have:
            continue
        last += 1
        rows.append({"obs_id": f"L{last:04d}", "period": "2016-05", "geo_code": code, "geo_name": name,
                     "geo_level": "kabkota", "category": "total_non_agriculture", "metric": "establishments",
                     "value": str(value), "unit": "establishments", "source_id": sid, "source_url": url,
                     "publisher": publisher, "published_date": published, "note": note,
                     "fact_file": "amend_raw"})
    return rows


def add_firm_source(rows: list[dict]) -> list[dict]:
    """The business counts' source row (once)."""
    sid, publisher, title, url, published = FIRM_SOURCE
    if sid not in {r["source_id"] for r in rows}:
        rows.append({"source_id": sid, "publisher": publisher, "title": title, "title_basis": "from the article headline",
                     "url": url, "published_date": published, "accessed_date": AMENDED,
                     "licence": "figures quoted from a public page (facts are not copyrighted; no text reproduced)",
                     "used_in": "labour_observations"})
    return rows


def main() -> None:
    cov = RAW / "coverage_observations.csv"
    _write(cov, *amend_coverage(*_read(cov)))
    src = RAW / "sources.csv"
    columns, rows = _read(src)
    _write(src, columns, add_firm_source(amend_sources(rows)))
    legal = RAW / "legal_basis.csv"
    columns, rows = _read(legal)
    _write(legal, columns, amend_legal(rows))
    lab = RAW / "labour_observations.csv"
    columns, rows = _read(lab)
    _write(lab, columns, amend_labour(columns, rows))
    print(f"amended {cov.name}, {src.name}, {legal.name} and {lab.name}; now run python tools/update_provenance.py")


if __name__ == "__main__":
    main()
