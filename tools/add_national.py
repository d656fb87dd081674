"""Add provincial BPJS Ketenagakerjaan figures found later to data/raw/national_observations.csv (issue 21).

Run once, by hand: ``python tools/add_national.py && python tools/update_provenance.py``. Idempotent: a row
or source whose id is already in the file must equal what this script would write (else it stops, naming
the id); running it again changes nothing. Values are never changed; existing rows are not touched.

Why: the rolling-origin backtest (``trends.backtest``) scores every series with at least four comparable
months, and the jump component (``trends.jumps``) learns from every pair of consecutive figures; in
Dec 2026 eight provinces had three months of active participants and many had two. How the rows were
found: a search of stored public pages (4 Dec 2026) with Indonesian queries per province — "peserta aktif
BPJS Ketenagakerjaan <provinsi>", "cakupan kepesertaan / Universal Coverage Jamsostek (UCJ) <provinsi>
persen", "Paritrana Award <provinsi>", "Kepala Kantor Wilayah BPJS Ketenagakerjaan <wilayah> peserta",
"Databoks peserta aktif BPJS TK provinsi" — reading each page's text. Every row below is the figure as
printed on that page (``value_printed``, ``unit_printed``) and is parsed by ``make_national.parse_printed``
(the national table's rules); ``period`` is the month the figure refers to (the data date or, where none
is printed, the day the figure was stated), not the publication date.

What is recorded as what (metric):
- ``active_participants``: a province's total of all segments (PU, BPU, construction, migrant workers)
  when the source calls it active participants ("peserta aktif", "tenaga kerja aktif") or gives the
  segment breakdown of active members; a branch head's count only where the branch speaks for the whole
  province (said in the row's note).
- ``ucj_participants``: a count given only as the numerator of the Universal Coverage Jamsostek
  percentage ("pekerja terlindungi", "capaian UCJ ... peserta", workers counted by their NIK domicile),
  as the table already does for Kalimantan Timur, Jawa Barat and DKI Jakarta; not used by the panel.
- ``coverage_pct``: the UCJ / coverage percentage as printed (its base, where printed, is in the note).
Left out (and why) is listed in the commit message and the issue report: totals without the
construction segment, a branch's area smaller than the province, figures with no visible month, and
statements whose arithmetic contradicts itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_national import COLUMNS, SOURCE_COLUMNS, _plain, parse_printed  # noqa: E402
from make_raw import NEWS_LICENCE, RAW, _read, _write  # noqa: E402

from amend_national import amend_row  # noqa: E402  (its later amendments of these rows, issue 21)

ADDED = "2026-12-04"  # accessed date of the sources below
FIRST_OBS = 600  # N0600 upward (issue 21); sources S0450–S0499
NAMES = {"12": "Sumatera Utara", "15": "Jambi", "17": "Bengkulu", "18": "Lampung", "19": "Kepulauan Bangka Belitung",
         "31": "DKI Jakarta", "32": "Jawa Barat", "35": "Jawa Timur", "52": "Nusa Tenggara Barat",
         "61": "Kalimantan Barat", "64": "Kalimantan Timur", "71": "Sulawesi Utara", "72": "Sulawesi Tengah",
         "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara", "75": "Gorontalo", "81": "Maluku", "82": "Maluku Utara"}

# source_id -> (publisher, title, title basis, url, published date or '' / partial when not printed)
SOURCES = {
    "S0450": ("Dialognews", "Jambi Fokus pada Percepatan UC Jamsostek untuk Semua Pekerja", "from the article headline",
              "https://dialognews.id/jambi-fokus-pada-percepatan-uc-jamsostek-untuk-semua-pekerja/", ""),
    "S0451": ("Bisnis Insight", "BPJS Ketenagakerjaan Jambi Targetkan 55 Persen Pekerja Terlindungi Jaminan Sosial pada 2025",
              "from the article headline",
              "https://bisnisinsight.com/amp/48469/bpjs-ketenagakerjaan-jambi-targetkan-55-persen-pekerja-terlindungi-jaminan-sosial-pada-2025",
              "2025-03-18"),
    "S0452": ("Kutipan", "Rapat koordinasi percepatan UCJ Provinsi Lampung (BPJS Ketenagakerjaan Bandar Lampung)",
              "summary of the article (page title not in the stored text)", "https://kutipan.co.id/?p=86996", ""),
    "S0453": ("Radar Lampung", "Hingga Akhir 2025, Baru 25,27 Persen Pekerja Lampung Terlindungi Jaminan Sosial",
              "from the article headline",
              "https://radarlampung.disway.id/provinsi-lampung/read/720100/hingga-akhir-2025-baru-2527-persen-pekerja-lampung-terlindungi-jaminan-sosial/15",
              ""),
    "S0454": ("ANTARA Babel", "BPJS Ketenagakerjaan-Disnaker buat rencana strategis tingkatkan UCJ Bangka Belitung",
              "from URL slug",
              "https://babel.antaranews.com/berita/471081/bpjs-ketenagakerjaan-disnaker-buat-rencana-strategis-tingkatkan-ucj-bangka-belitung",
              ""),
    "S0455": ("ANTARA Babel", "BPJS Ketenagakerjaan-Kejaksaan Tinggi perkuat kepatuhan dan kesejahteraan pekerja",
              "from URL slug",
              "https://babel.antaranews.com/amp/berita/534790/bpjs-ketenagakerjaan-kejaksaan-tinggi-perkuat-kepatuhan-dan-kesejahteraan-pekerja",
              "2025-12"),
    "S0456": ("Liputan Bandung", "Paritrana Award 2024: Bey Machmudin, pemberian penghargaan jadi pendorong tingkatkan "
              "kepesertaan program Jamsostek di Jawa Barat", "from URL slug",
              "https://liputanbandung.com/jawa-barat/25/08/2024/paritrana-award-2024-bey-machmudin-pemberian-penghargaan-jadi-pendorong-tingkatkan-kepesertaan-program-jamsostek-di-jawa-barat",
              "2024-08-25"),
    "S0457": ("ANTARA Jatim", "BPJS Ketenagakerjaan Kanwil Jatim percepat target kepesertaan", "from URL slug",
              "https://jatim.antaranews.com/amp/berita/256603/bpjs-ketenagakerjaan-kanwil-jatim-percepat-target-kepesertaan",
              "2018"),
    "S0458": ("ANTARA Jatim", "BPJS Ketenagakerjaan Jatim genjot kepesertaan BPU", "from URL slug",
              "https://jatim.antaranews.com/amp/berita/261713/bpjs-ketenagakerjaan-jatim-genjot-kepesertaan-bpu", "2018"),
    "S0459": ("ANTARA Jatim", "BPJS Ketenagakerjaan Jatim kejar cakupan kepesertaan", "from URL slug",
              "https://jatim.antaranews.com/berita/629869/bpjs-ketenagakerjaan-jatim-kejar-cakupan-kepesertaan", "2022"),
    "S0460": ("Surya (Tribun Jatim)", "Gubernur Khofifah minta seluruh instansi di Jatim tingkatkan perlindungan "
              "ketenagakerjaan", "from URL slug",
              "https://surabaya.tribunnews.com/2022/12/27/gubernur-khofifah-minta-seluruh-instansi-di-jatim-tingkatkan-perlindungan-ketenagakerjaan",
              "2022-12-27"),
    "S0461": ("Databoks (Katadata), citing Kemnaker", "Peserta aktif BPJS TK Indonesia makin berkurang hingga Mei 2025",
              "from URL slug",
              "https://databoks.katadata.co.id/ketenagakerjaan/statistik/6880bdba39011/peserta-aktif-bpjs-tk-indonesia-makin-berkurang-hingga-mei-2025",
              "2025-07-23"),
    "S0462": ("Borneoflash", "Tentang kerisauan pekerja rentan dengan jaminan sosial ketenagakerjaan", "from URL slug",
              "https://borneoflash.com/2023/02/02/tentang-kerisauan-pekerja-rentan-dengan-jaminan-sosial-ketenagakerjaan/4/?pgrelated=18",
              "2023-02-02"),
    "S0463": ("Mistar", "Anggota DPRD Sumut Desak Pemprov Genjot Capaian BPJS Ketenagakerjaan di APBD 2026",
              "from the article headline",
              "https://mistar.online/news/sumut/anggota-dprd-sumut-desak-pemprov-genjot-capaian-bpjs-ketenagakerjaan-di-apbd-2026",
              ""),
    "S0464": ("Tribun Timur", "BPJS Ketenagakerjaan Target 7,2 Juta Pekerja Jadi Peserta Jaminan Sosial",
              "from the article headline",
              "https://makassar.tribunnews.com/2021/12/13/bpjs-ketenagakerjaan-target-72-juta-pekerja-jadi-peserta-jaminan-sosial",
              "2021-12-13"),
    "S0465": ("ANTARA Sulteng", "BPJAMSOSTEK catat kepesertaan aktif di Sulteng sebanyak 518.141 orang",
              "from the article headline",
              "https://sulteng.antaranews.com/berita/312690/bpjamsostek-catat-kepesertaan-aktif-di-sulteng-sebanyak-518141-orang",
              "2024"),
    "S0466": ("Read.id", "Kepesertaan Jaminan Sosial Ketenagakerjaan di Provinsi Gorontalo Kini Duduki Peringkat Enam "
              "Nasional", "from the article headline",
              "https://read.id/kepesertaan-jaminan-sosial-ketenagakerjaan-di-provinsi-gorontalo-kini-duduki-peringkat-enam-nasional/amp",
              "2024"),
    "S0467": ("Lentera Malut", "Tingkat perlindungan pekerja oleh BPJS Ketenagakerjaan di Maluku Utara",
              "summary of the article (page title not in the stored text)", "https://lenteramalut.com/?p=4564", "2025"),
    "S0468": ("Inside Lombok", "Baru 29 Persen Pekerja di NTB Sudah Terdaftar di BPJS Ketenagakerjaan",
              "from the article headline",
              "https://insidelombok.id/daerah/ntb/baru-29-persen-pekerja-di-ntb-sudah-terdaftar-di-bpjs-ketenagakerjaan/",
              "2024"),
    "S0469": ("Harapan Baru News", "Pekerja di Bengkulu Terlindungi Jaminan Sosial Baru 27,26 Persen",
              "from the article headline",
              "https://harapanbarunews.com/pekerja-di-bengkulu-terlindungi-jaminan-sosial-baru-2726-persen/?pgrelated=203",
              "2025"),
    "S0470": ("BPJS Ketenagakerjaan (relaying RRI)", "Bengkulu Launching Perlindungan Jaminan Sosial Ketenagakerjaan bagi "
              "Pekerja Rentan", "from the article headline",
              "https://www.bpjsketenagakerjaan.go.id/berita/29549/Bengkulu-Launching-Perlindungan-Jaminan-Sosial-Ketenagakerjaan-bagi-Pekerja-Rentan",
              "2025-12"),
    "S0471": ("Tribun Pontianak", "1,7 Juta Pekerja di Kalbar, Tapi Baru 36 Persen TK Informal Dilindungi BPJS-TK",
              "from the article headline",
              "https://pontianak.tribunnews.com/2022/12/11/17-juta-pekerja-di-kalbar-tapi-baru-36-persen-tk-informal-dilindungi-bpjs-tk",
              "2022-12-11"),
    "S0472": ("Tanjungpura.id", "Pemprov Kalbar dan BPJS Ketenagakerjaan Gelar Paritrana Award 2025",
              "from the article headline",
              "https://tanjungpura.id/2025/09/pemprov-kalbar-dan-bpjs-ketenagakerjaan-gelar-paritrana-award-2025", "2025-09"),
    "S0473": ("Borneoreview", "Gubernur Kalbar ajak pemda tingkatkan kepesertaan BPJS Ketenagakerjaan", "from URL slug",
              "https://borneoreview.co/gubernur-kalbar-ajak-pemda-tingkatkan-kepesertaan-bpjs-ketenagakerjaan", "2025-12"),
    "S0474": ("Berdikari", "Pekerja di Lampung 3 Juta, Terdaftar BPJS Baru 716.375 Orang", "from the article headline",
              "https://berdikari.co/2024/12/11/pekerja-di-lampung-3-juta-terdaftar-bpjs-baru-716375-orang", "2024-12-11"),
    "S0475": ("Berdikari", "488.317 tenaga kerja Lampung tercover BPJS Ketenagakerjaan", "from URL slug",
              "http://www.berdikari.co/2025/05/15/488317-tenaga-kerja-lampung-tercover-bpjs-ketenagakerjaan", "2025-05-15"),
    "S0476": ("ReferensiA", "BPJAMSOSTEK ungkap belum 50 persen pekerja di Sulteng terlindungi jaminan sosial", "from URL slug",
              "https://referensia.id/bpjamsostek-ungkap-belum-50-persen-pekerja-di-sulteng-terlindungi-jaminan-sosial/",
              "2025-05"),
}

_KEM = ("Kemnaker Satu Data (satudata.kemnaker.go.id) monthly table of BPJS TK active participants, Provinsi Lampung, "
        "as quoted by Berdikari")
_SULAMA = ("Sulawesi-Maluku regional office (assistant deputy, Mon 13 Dec 2021): participants so far, {pct} % of a "
           "participation potential of {base}; active vs registered not stated; workers counted against the "
           "BPJS potential (UCJ-style numerator)")
# (period, geo_code, metric, value as printed, unit as printed, source_id, note)
ROWS = [
    # Jambi: one more month of active participants; four more coverage months
    ("2024-10-31", "15", "coverage_pct", "41,38", "percent", "S0450",
     "UC Jamsostek Jambi in October 2024, quoted as the comparison for Dec 2024 (coordination meeting 3 Dec 2024); "
     "article date not visible"),
    ("2024-12-02", "15", "active_participants", "592.806", "persons", "S0450",
     "'peserta aktif terdaftar hingga 2 Desember 2024' for Provinsi Jambi (Jambi branch head at the UCJ meeting of "
     "3 Dec 2024); equals 45,17 % of the 1.312.370 potential of Aug 2024 (N0383); gap 102.750"),
    ("2024-12-02", "15", "coverage_pct", "45,17", "percent", "S0450",
     "UC Jamsostek Jambi 'hingga Desember 2024' (data to 2 Dec 2024; meeting 3 Dec 2024), rank 16 of 34; "
     "up from 41,38 % in Oct 2024"),
    ("2025-03-17", "15", "ucj_participants", "580", "thousand persons", "S0451",
     "Jambi branch head (Mon 17 Mar 2025) for Provinsi Jambi: about 580 thousand of more than 1,3 M workers "
     "registered ('terdaftar'), rounded; same words in infoekonomi.id"),
    ("2025-03-17", "15", "coverage_pct", "44", "percent", "S0451",
     "Jambi branch head (Mon 17 Mar 2025): about 44 % of the province's workers registered, rounded; 2025 target 55 %"),
    # Lampung: two more coverage months
    ("2025-05-31", "18", "coverage_pct", "23,86", "percent", "S0452",
     "UCJ Lampung as given in a Kemendagri letter (No. 500.11.2/3377/Bangda) of May 2025, cited by the Bandar Lampung "
     "branch at a UCJ meeting on 18 Sep 2025: rank 34 of 38, gap 479.724 workers to the 2025 target of 38,39 %; "
     "period is the letter's month (its data date is not printed)"),
    ("2025-12-08", "18", "coverage_pct", "25,27", "percent", "S0453",
     "Sumbagsel regional head at the UCJ optimisation meeting (Mon 8 Dec 2025): 'hingga Desember 2025' 25,27 % of "
     "3,1 M workers protected; gap about 411 thousand to 38,39 %; same figure in Harian Satelit"),
    # Kepulauan Bangka Belitung: one more month of active participants, two coverage months
    ("2024-12-31", "19", "coverage_pct", "40,27", "percent", "S0454",
     "Pangkalpinang branch head: UCJ Bangka Belitung in Dec 2024 is 35 % without and 40,27 % with construction "
     "workers (all segments: PU, BPU, construction, migrant workers); release on a Wednesday, article date not "
     "visible. The same release's 226.750 protected workers is left out: it does not match 40,27 % of any base it "
     "gives"),
    ("2025-12-14", "19", "active_participants", "189.742", "persons", "S0455",
     "Sumbagsel regional head at the Babel compliance forum (Wed 17 Dec 2025): 189.742 active participants per "
     "14 Dec 2025"),
    ("2025-12-14", "19", "coverage_pct", "33,10", "percent", "S0455",
     "UCJ Bangka Belitung per 14 Dec 2025 (Sumbagsel regional head, 17 Dec 2025). CONFLICT in level with 40,27 % "
     "for Dec 2024: bases not printed"),
    # Jawa Barat
    ("2024-08-24", "32", "ucj_participants", "5,9", "million persons", "S0456",
     "Acting governor and Jabar regional head at Paritrana Award 2024 (printed 'Jumat 24 Agustus 2024'; 24 Aug 2024 "
     "was a Saturday): 5,9 M of the 18,9 M workers entitled to protection (23 M employed) are protected; UCJ count, "
     "like N0447 (6,5 M, Mar 2025); Kemnaker's active count for Feb 2025 is 4,96 M"),
    ("2024-08-24", "32", "coverage_pct", "31,4", "percent", "S0456",
     "Jawa Barat UCJ at Paritrana Award 2024 (Aug 2024): 5,9 M of 18,9 M workers entitled to protection"),
    # Jawa Timur
    ("2018-04-30", "35", "active_participants", "2.65", "million persons", "S0457",
     "Jatim regional deputy director (a Thursday in Ramadan 2018): 'sampai April 2018 ... jumlah tenaga kerja aktif "
     "sebanyak 2.65 juta' (PU 1.67 M, BPU 257 thousand, construction 720 thousand); printed with a decimal dot; "
     "article date not visible (2018)"),
    ("2018-07-31", "35", "active_participants", "2,9", "million persons", "S0458",
     "Jatim regional deputy director (a Wednesday at Idul Adha 2018): 'Sampai dengan Juli 2018 ... jumlah tenaga kerja "
     "aktif sebanyak 2,9 juta' (PU 1.75 M, BPU 315 thousand, construction 902 thousand); article date not visible"),
    ("2021-12-31", "35", "coverage_pct", "23", "percent", "S0460",
     "Governor at Paritrana Award Jatim 2022 (27 Dec 2022): BPJS TK membership 'semula 23 persen pada 2021'; month "
     "not stated (read as the 2021 year end)"),
    ("2022-07-31", "35", "coverage_pct", "26", "percent", "S0459",
     "Jatim regional deputy director (a Thursday, 2022): 26 % of employed people in Jawa Timur are participants, after "
     "growth of 261.298 from Dec 2021 to Jul 2022; article date not visible"),
    ("2022-12-27", "35", "coverage_pct", "28,76", "percent", "S0460",
     "Governor at Paritrana Award Jatim 2022 (Tue 27 Dec 2022): 28,76 % 'pada akhir 2022', up from 23 % in 2021"),
    # DKI Jakarta
    ("2025-05-31", "31", "active_participants", "7,67", "million persons", "S0461",
     "Kemnaker-verified BPJS TK active members, Jan-May 2025 data: DKI Jakarta 7,67 M (19,64 % of the national "
     "39,05 M); other provinces not in the stored text. Published date read from the Databoks item id (hex timestamp)"),
    # Kalimantan Timur
    ("2022-11-30", "64", "active_participants", "935.910", "persons", "S0462",
     "Head of Disnakertrans Kaltim: workers covered ('ter-cover') in Kaltim per Nov 2022; the level of the Kalimantan "
     "office's active count for Mar 2023 (962.711, N0189), not of the UCJ count (686.897 Jan 2023, N0177). The "
     "year-earlier 820.290 he quotes is left out (his 7 % growth does not match it)"),
    # Sumatera Utara
    ("2025-09-30", "12", "ucj_participants", "2.138.817", "persons", "S0463",
     "DPRD Sumut Komisi E member (Fri 31 Oct 2025) quoting BPJS TK data from a working visit: UCJ Sumut 'hingga "
     "September 2025' 2.138.817 participants against a target of 3.021.682 (51,08 %); article date not visible"),
    ("2025-09-30", "12", "coverage_pct", "39,46", "percent", "S0463",
     "UCJ Sumut to Sep 2025 (DPRD member quoting BPJS TK, 31 Oct 2025). CONFLICT in level with 49,35 % 'up to 2024' "
     "(N0405, regional head): bases not printed"),
    # Sulawesi-Maluku, Dec 2021 (one regional statement for seven provinces)
    ("2021-12-13", "71", "ucj_participants", "623.409", "persons", "S0464", _SULAMA.format(pct="80", base="780.666")),
    ("2021-12-13", "71", "coverage_pct", "80", "percent", "S0464", _SULAMA.format(pct="80", base="780.666")),
    ("2021-12-13", "75", "ucj_participants", "193.218", "persons", "S0464", _SULAMA.format(pct="49", base="397.894")),
    ("2021-12-13", "75", "coverage_pct", "49", "percent", "S0464", _SULAMA.format(pct="49", base="397.894")),
    ("2021-12-13", "73", "ucj_participants", "1.043.751", "persons", "S0464",
     _SULAMA.format(pct="36", base="2.865.109")),
    ("2021-12-13", "73", "coverage_pct", "36", "percent", "S0464", _SULAMA.format(pct="36", base="2.865.109")),
    ("2021-12-13", "72", "ucj_participants", "327.272", "persons", "S0464",
     _SULAMA.format(pct="33", base="978.084") + ". CONFLICT with the Palu branch's 231.145 active per 31 Dec 2021 "
     "(N0167)"),
    ("2021-12-13", "72", "coverage_pct", "33", "percent", "S0464",
     _SULAMA.format(pct="33", base="978.084") + ". CONFLICT with the Palu branch's 24,22 % of 946.261 per 31 Dec 2021 "
     "(N0168)"),
    ("2021-12-13", "81", "ucj_participants", "179.194", "persons", "S0464", _SULAMA.format(pct="32", base="554.515")),
    ("2021-12-13", "81", "coverage_pct", "32", "percent", "S0464", _SULAMA.format(pct="32", base="554.515")),
    ("2021-12-13", "74", "ucj_participants", "264.624", "persons", "S0464", _SULAMA.format(pct="31", base="865.080")),
    ("2021-12-13", "74", "coverage_pct", "31", "percent", "S0464", _SULAMA.format(pct="31", base="865.080")),
    ("2021-12-13", "82", "ucj_participants", "114.042", "persons", "S0464", _SULAMA.format(pct="31", base="365.027")),
    ("2021-12-13", "82", "coverage_pct", "31", "percent", "S0464", _SULAMA.format(pct="31", base="365.027")),
    # Sulawesi Tengah
    ("2024-03-13", "72", "active_participants", "518.141", "persons", "S0465",
     "Sulteng branch head: active participants in Provinsi Sulawesi Tengah 'hingga tahun 2024' = PU 314.034 + BPU "
     "128.993 + construction 74.773 + migrant workers 341; statement on a Wednesday, the photo caption dated Wed "
     "13 Mar 2024 (read as that day; article date not visible)"),
    # Gorontalo
    ("2024-09-03", "75", "ucj_participants", "254.675", "persons", "S0466",
     "Sulawesi-Maluku regional head at Paritrana Award Gorontalo (Tue 3 Sep 2024): UCJ 'sekitar 254.675' protected "
     "(PU, BPU, construction) of 466.368 targeted workers; rank 6 of 38; same figures in gopos.id"),
    ("2024-09-03", "75", "coverage_pct", "54,61", "percent", "S0466",
     "UCJ Gorontalo at Paritrana Award (3 Sep 2024): 54,61 % of 466.368 targeted workers"),
    # Maluku Utara
    ("2025-12-10", "82", "ucj_participants", "222", "thousand persons", "S0467",
     "Maluku Utara branch head (Thu 10 Dec 2025) for the province: 'kurang lebih 222 ribu pekerja' registered and "
     "protected to end 2025, rounded; article date not visible"),
    ("2025-12-10", "82", "coverage_pct", "50", "percent", "S0467",
     "Maluku Utara branch head (10 Dec 2025): 'sekitar 50 persen' of workers protected to end 2025, rounded; the "
     "article notes BPS counts 673,46 thousand employed (Aug 2025), so the base is the BPJS potential"),
    # Nusa Tenggara Barat
    ("2024-04-30", "52", "active_participants", "545,546", "persons", "S0468",
     "Bali-Nusa Tenggara-Papua regional head (Wed 8 May 2024): active workers in Provinsi NTB to 30 Apr 2024 = "
     "417,487 formal (PU, construction, migrant) + 128,059 informal (BPU); printed with commas as thousands "
     "separators; article date not visible"),
    ("2024-04-30", "52", "coverage_pct", "29,26", "percent", "S0468",
     "Coverage NTB to 30 Apr 2024 (regional head, 8 May 2024): 29,26 % of 1.864.450 workers (BPS); formal 54,46 %, "
     "informal 11,66 %"),
    # Bengkulu
    ("2025-09-30", "17", "coverage_pct", "27,26", "percent", "S0469",
     "Bengkulu branch head (Wed 22 Oct 2025; the one main branch of the province): 'hingga September 2025' about "
     "27,26 % of workers in Provinsi Bengkulu protected; article date not visible"),
    ("2025-12-11", "17", "ucj_participants", "251.000", "persons", "S0470",
     "Sumbagsel regional head at the Bengkulu vulnerable-worker launch (Thu 11 Dec 2025): 'sekitar 251.000 pekerja' "
     "of 708.000 protected, rounded (71.935 vulnerable workers paid by the provincial budget)"),
    ("2025-12-11", "17", "coverage_pct", "35", "percent", "S0470",
     "Sumbagsel regional head (11 Dec 2025): coverage of workers in Bengkulu 35 %, about 251.000 of 708.000"),
    # Kalimantan Barat
    ("2022-11-30", "61", "active_participants", "667.719", "persons", "S0471",
     "Pontianak branch head (Sun 11 Dec 2022): 'Coverage Share berdasarkan NIK Kalbar per November 2022 total peserta "
     "667.719 peserta aktif' of a potential of 1.786.809 (BPS workforce less civil servants, army, police); counted "
     "by domicile NIK"),
    ("2025-09-25", "61", "coverage_pct", "31", "percent", "S0472",
     "Provincial secretary at Paritrana Award Kalbar 2025 (Thu 25 Sep 2025): 'baru sekitar 31 persen' of about 1,8 M "
     "workers protected, rounded"),
    ("2025-12-25", "61", "coverage_pct", "37", "percent", "S0473",
     "Governor and Kalimantan regional head (Thu 25 Dec 2025): coverage in Kalbar 'berada di angka 37 persen'; target "
     "61 % next year; article date not visible"),
    # Lampung: Kemnaker's monthly active counts (the definition of the Dec 2023 table, N0246)
    ("2024-10-31", "18", "active_participants", "508.956", "persons", "S0474",
     _KEM + " (site read 10 Dec 2024): 'hingga Oktober 2024' 508.956 active = PU 363.502 + BPU 80.160 + construction "
     "65.294 (plus 207.419 non-active). CONFLICT with the regional office's UCJ count 760.468 for Sep 2024 (N0390)"),
    ("2025-01-31", "18", "active_participants", "568.468", "persons", "S0475",
     _KEM + " (quoted Thu 15 May 2025): January 2025"),
    ("2025-02-28", "18", "active_participants", "507.419", "persons", "S0475", _KEM + " (15 May 2025): February 2025"),
    ("2025-03-31", "18", "active_participants", "488.317", "persons", "S0475",
     _KEM + " (15 May 2025): 'sampai dengan Maret 2025' 488.317 active, a fall since the start of 2025"),
    # Sulawesi Tengah, May 2025
    ("2025-05-28", "72", "active_participants", "459.455", "persons", "S0476",
     "Sulawesi Tengah branch head (quoted Wed 28 May 2025) for the province: 'hingga Mei 2025' about 459.455 workers "
     "'terdaftar' = PU and migrant workers 337.420 + BPU 76.757 + construction 45.278 (sums to the total); read as "
     "active: below the Dec 2023 active count (565.871), so it cannot include the non-active (140.872 then)"),
]


def build(rows: list[dict], src_rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The national rows and sources with ``ROWS`` / ``SOURCES`` added (ids N0600…, S0450…); an id already present
    must hold exactly what would be written, else SystemExit naming it. Pure: returns new lists."""
    rows, src_rows = [dict(r) for r in rows], [dict(r) for r in src_rows]
    have_src = {r["source_id"]: r for r in src_rows}
    for sid, (publisher, title, basis, url, published) in SOURCES.items():
        new = {"source_id": sid, "publisher": publisher, "title": title, "title_basis": basis, "url": url,
               "published_date": published, "accessed_date": ADDED, "licence": NEWS_LICENCE,
               "used_in": "national_observations"}
        _put(src_rows, have_src, "source_id", new, "sources.csv")
    have = {r["obs_id"]: r for r in rows}
    for i, (period, code, metric, printed, unit, sid, note) in enumerate(ROWS):
        oid = f"N{FIRST_OBS + i:04d}"
        value, out_unit, rule = parse_printed(printed, unit, f"add_national row {oid}")
        publisher, _title, _basis, url, published = SOURCES[sid]
        new = {"obs_id": oid, "period": period, "geo_code": code, "geo_name": NAMES[code], "geo_level": "province",
               "segment": "total", "metric": metric, "value": _plain(value), "unit": out_unit, "value_printed": printed,
               "unit_printed": unit, "value_rule": rule, "source_id": sid, "source_url": url, "publisher": publisher,
               "published_date": published, "note": note}
        new = amend_row(new)  # tools/amend_national.py: metric / period corrected later, reason in the note
        _put(rows, have, "obs_id", new, "national_observations.csv")
    return rows, src_rows


def _put(rows: list[dict], have: dict, key: str, new: dict, where: str) -> None:
    old = have.get(new[key])
    if old is None:
        rows.append(new)
        have[new[key]] = new
    elif {k: old.get(k, "") for k in new} != new:
        raise SystemExit(f"{where}: {new[key]} exists with other content; ids N0600+/S0450+ belong to tools/add_national.py")


def main() -> None:
    nat, src = RAW / "national_observations.csv", RAW / "sources.csv"
    before = len(_read(nat))
    rows, src_rows = build(_read(nat), _read(src))
    _write(nat, rows, COLUMNS)
    _write(src, src_rows, SOURCE_COLUMNS)
    print(f"national rows {before} -> {len(rows)}; sources now {len(src_rows)}; "
          "now run python tools/update_provenance.py")


if __name__ == "__main__":
    main()
