"""Build data/raw/episodes.csv: every documented lever episode, as data (issue #15).

Like tools/make_raw.py this documents how a raw table was made; it is NOT part of the pipeline.
Every observed value and every model input is read from a row of data/raw/parameters.csv or
data/raw/coverage_observations.csv (themselves copied from ../shared/facts by make_raw.py) and the
row ids are recorded in ``fact_rows``; the arithmetic that turns rows into inputs is written here,
once, and named in ``note``. Where sources disagree both are kept and ``conflict`` says which is used.
``noise_sd_rel`` is the judged relative noise of the observed figure (press relay of an official
statement ~0.2–0.3, regulation/administrative count ~0.1–0.15, RCT summary ~0.15–0.25) with its
reason in ``noise_reason``; the calibration uses it as the tolerance.

Usage: python tools/make_episodes.py   (then python tools/update_provenance.py)
"""

from __future__ import annotations

import csv
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
COLUMNS = ["episode_id", "region_code", "region_name", "lever", "kind", "mechanism", "start", "end", "inputs",
           "outcome_metric", "observed_value", "observed_unit", "noise_sd_rel", "noise_reason",
           "use_in_calibration", "fact_rows", "source_ids", "publisher", "source_url", "published_date",
           "conflict", "note"]


def _rows(name: str, key: str) -> dict[str, dict[str, str]]:
    with open(RAW / name, newline="", encoding="utf-8") as f:
        return {r[key]: r for r in csv.DictReader(f)}


P = _rows("parameters.csv", "name")
C = _rows("coverage_observations.csv", "obs_id")


def p(name: str, which: str = "value_central") -> float:
    return float(P[name][which])


def c(obs_id: str) -> float:
    return float(C[obs_id]["value"])


def src_p(name: str) -> dict[str, str]:
    r = P[name]
    return {"source_ids": r["source_id"], "publisher": r["publisher"], "source_url": r["source_url"],
            "published_date": r["published_date"]}


def src_c(obs_id: str) -> dict[str, str]:
    r = C[obs_id]
    return {"source_ids": r["source_id"], "publisher": r["publisher"], "source_url": r["source_url"],
            "published_date": r["published_date"]}


# Sources of the episodes found for issue #19 (news reports read through the project's search tool):
# id -> (publisher, title, url, published_date). Appended to sources.csv by ``_ensure_sources``.
NEW_SOURCES = {
    "S0344": ("Prosalina Radio (Jember)", "Atasi perusahaan nakal BPJS Ketenagakerjaan kembali gandeng Kejari Jember",
              "https://www.prosalinaradio.com/2015/01/10/atasi-perusahaan-nakal-bpjs-ketenagakerjaan-kembali-gandeng-kejari-jember/", "2015-01-10"),
    "S0345": ("Halmahera Post", "BPJS Ketenagakerjaan gandeng kades Halmahera Selatan sosialisasi program pekerja rentan",
              "https://halmaherapost.com/2025/12/10/bpjs-ketenagakerjaan-gandeng-kades-halmahera-selatan-sosialisasi-program-pekerja-rentan", "2025-12-10"),
    "S0346": ("Kabar Dewata", "BPJS Ketenagakerjaan Denpasar akui kalau peserta pekerja non formal masih minim",
              "http://kabardewata.com/berita/berita-utama/sosial/bpjs-ketenagakerjaan-denpasar-akui-peserta.html?pg=5", "2016"),
    "S0347": ("Galuh.id", "Penyebab 2,4 juta pekerja gagal dapat BLT BPJS Ketenagakerjaan",
              "https://galuh.id/penyebab-24-juta-pekerja-gagal-dapat-blt-bpjs-ketenagakerjaan/3", "2020-10"),
    "S0348": ("Dwipa News", "1,4 juta peserta BPJS Ketenagakerjaan di Kalimantan tidak aktif",
              "https://www.dwipanews.com/2017/12/14-juta-peserta-bpjs-ketenagakerjaan-di-kalimantan-tidak-aktif", "2017-12-08"),
    "S0349": ("Elshinta", "BPJS Jateng bidik kepesertaan pekerja sektor informal dan UMKM",
              "https://elshinta.com/news/253608/2021/12/13/bpjs-jateng-bidik-kepesertaan-pekerja-sektor-informal-dan-umkm", "2021-12-13"),
    "S0350": ("Sulutnews TV", "UCJ Sulut capai 67,95 persen, BPJS Ketenagakerjaan dorong perluasan perlindungan pekerja rentan",
              "https://sulutnewstv.com/2025/12/18/ucj-sulut-capai-6795-persen-bpjs-ketenagakerjaan-dorong-perluasan-perlindungan-pekerja-rentan", "2025-12-18"),
    "S0351": ("Antara Sulsel", "Peserta BPJS Ketenagakerjaan Sulsel baru 13,6 persen",
              "https://makassar.antaranews.com/amp/berita/69976/peserta-bpjs-ketenagakerjaan-sulsel-baru-136-persen", "2015"),
    "S0352": ("Sindonews", "Urus perizinan perusahaan wajib terdaftar BPJS",
              "https://ekbis.sindonews.com/berita/998626/34/urus-perizinan-perusahaan-wajib-terdaftar-bpjs", "2015-05-08"),
    "S0353": ("Kabar Madura", "Nonaktifkan ribuan kepesertaan BPJS Ketenagakerjaan di Pamekasan",
              "https://kabarmadura.id/nonaktifkan-ribuan-kepesertaan-bpjs-ketenagakerjaan-di-pamekasan/", "2023-01-03"),
    "S0354": ("Antara Jogja", "Kulon Progo minta desa anggarkan BPJS Ketenagakerjaan",
              "https://jogja.antaranews.com/berita/362742/kulon-progo-minta-desa-anggarkan-bpjs-ketenagakerjaan", "2018-11"),
    "S0355": ("Radar Jawa Tengah", "Perangkat 188 desa belum bayar iuran",
              "https://radarjawatengah.com/berita/jateng/ungaran/2019/12/02/perangkat-188-desa-belum-bayar-iuran", "2019-12-02"),
    "S0356": ("Antara Kaltim", "APBD Penajam lindungi 15.000 pekerja rentan melalui BPJamsostek",
              "https://kaltim.antaranews.com/berita/235173/apbd-penajam-lindungi-15000-pekerja-rentan-melalui-bpjamsostek", "2025"),
    "S0357": ("Antara Sulut", "60 persen pekerja informal di Sulut sudah dilindungi BPJS Ketenagakerjaan",
              "https://manado.antaranews.com/amp/berita/177925/60-persen-pekerja-informal-di-sulut-sudah-dilindungi-bpjsketenagakerjaan", "2022"),
    "S0358": ("Jatim Times", "Kepesertaan belum maksimal, BPJS Ketenagakerjaan butuh dukungan APBD",
              "https://jatimtimes.com/amp/baca/309989/20240413/080900/privacy", "2024-04-13"),
    # issue #19 evidence follow-up: paying share, employer (CSR) funding of lists (S0359 is amend_raw.py's)
    "S0360": ("Topsatu.com", "BP Jamsostek dan pemerintah dorong badan usaha menyisihkan CSR untuk pekerja rentan",
              "https://www.topsatu.com/bp-jamsostek-dan-pemerintah-dorong-badan-usaha-menyisihkan-csr-untuk-pekerja-rentan/", "2023-10-10"),
    "S0361": ("Bank Sulteng", "Bank Sulteng bantu iuran BPJS 3.000 pekerja",
              "http://banksulteng.co.id/images/berita/bpjs/", "2016-08-22"),
    "S0362": ("Antara Sulteng", "3.000 pekerja rentan jadi peserta BPJS-TK dengan stimulus Bank Sulteng",
              "https://sulteng.antaranews.com/berita/35788/3000-pekerja-rentan-jadi-peserta-bpjs-tk-dengan-stimulus-bank-sulteng", "2017-10-26"),
    "S0363": ("Tribun Jogja", "Bank Jateng donasikan CSR untuk iuran BPJSTK 7.000 pekerja informal",
              "https://jogja.tribunnews.com/2016/08/26/bank-jateng-donasikan-csr-untuk-iuran-bpjstk-7000-pekerja-informal", "2016-08-26"),
    "S0364": ("Sumatera Ekspres", "CSR perusahaan cover BPJS",
              "https://sumateraekspres.bacakoran.co/read/43804/sumateraekspres.id", "2024"),
    "S0365": ("Bisnis.com", "BPJS Ketenagakerjaan targetkan 600.000 kepesertaan pekerja rentan",
              "https://finansial.bisnis.com/read/20171220/215/720121/bpjs-ketenagakerjaan-targetkan-600000-kepesertaan-pekerja-rentan", "2017-12-20"),
    "S0366": ("Satelit News", "BPJamsostek Tangerang Cimone terima 50 peserta BPU dari CSR PT Siegwerk Indonesia",
              "https://satelitnews.com/?p=72220", "2022-06-15"),
    "S0367": ("KlikPositif", "BP Jamsostek Padang apresiasi penyaluran CSR Bank Nagari untuk pekerja rentan",
              "http://news.klikpositif.com/baca/62752/bp-jamsostek-padang-apresiasi-penyaluran-csr-bank-nagari-untuk-pekerja-rentan", "2019-12-26"),
    "S0368": ("Zonasultra", "2.000 tenaga kerja informal terima dana CSR dari Bank Sultra",
              "https://zonasultra.id/2-000-tenaga-kerja-informal-terima-dana-csr-dari-bank-sultra.html", "2016-12-07"),
    "S0369": ("Golali.id (Humas Pemprov Jabar)", "Jumlah peserta aktif BPJS Ketenagakerjaan tahun 2022",
              "https://golali.id/jumlah-peserta-aktif-bpjs-ketanagakerjaan-tahun-2022/", "2022-12"),
    "S0370": ("Haluan Banten", "BPJS Ketenagakerjaan dorong penerima donasi GN Lingkaran lanjutkan iuran sendiri",
              "https://haluanbanten.co.id/2023/05/31/bpjs-ketenagakerjaan-dorong-penerima-donasi-gn-lingkaran-lanjutkan-iuran-sendiri/", "2023-05-31"),
    "S0371": ("Mistar.id", "Puluhan ribu pekerja rentan Simalungun terancam tak terlindungi BPJS",
              "https://mistar.online/news/siantar-simalungun/puluhan-ribu-pekerja-rentan-simalungun-terancam-tak-terlindungi-bpjs", "2025-07-14"),
    "S0372": ("1detik.asia", "Pemko Siantar hanya sanggup biayai BPJS pekerja rentan Rp500 juta",
              "https://www.1detik.asia/2026/01/pemko-siantar-hanya-sanggup-biayai-bpjs.html", "2026-01"),
    "S0373": ("Antara Sulsel", "BPJS Ketenagakerjaan Makassar catat penambahan 188 perusahaan",
              "https://makassar.antaranews.com/amp/berita/98731/bpjs-ketenagakerjaan-makassar-catat-penambahan-188-perusahaan", "2018-03-07"),
    "S0374": ("Kabar Dewata", "Tambah kepesertaan, BPJS Ketenagakerjaan gandeng BKPM",
              "https://kabardewata.com/berita/berita-utama/tambah-kepesertaan-bpjs-ketenagakerjaan-gandeng-bkpm.html?pg=615", "2017"),
    "S0375": ("Media Perkebunan", "Peserta aktif BPJS Ketenagakerjaan perusahaan sawit menurun",
              "https://mediaperkebunan.id/peserta-aktif-bpjs-ketenagakerjaan-perusahaan-sawit-menurun/", "2021"),
    # issue #19 CSR follow-up (searched 3 Dec 2026): employer-funded lists and a stimulus followed by self-payment
    "S0376": ("Seputar Papua", "Ratusan petani di Mimika didaftarkan BPJS Ketenagakerjaan",
              "https://seputarpapua.com/view/ratusan-petani-di-mimika-didaftarkan-bpjs-ketenagakerjaan.html", "2022-05-31"),
    "S0377": ("Republika", "Nelayan Cilacap kesulitan teruskan BPJS Ketenagakerjaan",
              "https://news.republika.co.id/berita/oc3w2s366/nelayan-cilacap-kesulitan-teruskan-bpjs-ketenagakerjaan", "2016-08-18"),
    "S0378": ("KBR", "Program BPJS bagi nelayan di Cilacap gagal",
              "http://kbr.id/berita/nusantara/08-2016/program_bpjs_bagi_nelayan_di_cilacap_gagal/84063.html", "2016-08-15"),
    "S0379": ("MusiNews", "PTBA berikan perlindungan ketenagakerjaan bagi 357 pekerja rentan di Lawang Kidul",
              "https://www.musinews.id/ptba-berikan-perlindungan-ketenagakerjaan-bagi-357-pekerja-rentan-di-lawang-kidul/", "2024-10-31"),
    "S0380": ("Antara Papua", "14.600 pekerja rentan OAP Mimika dilindungi Jamsostek",
              "https://papua.antaranews.com/berita/671337/14600-pekerja-rentan-oap-mimika-dilindungi-jamsostek", "2022"),
    "S0381": ("Antara Papua", "PSU tanggung iuran BPJAMSOSTEK 1.800 OAP Kwamki Narama",
              "https://papua.antaranews.com/amp/berita/664281/psu-tanggung-iuran-bpjamsostek-1800-oap-kwamki-narama", "2021"),
    "S0382": ("Dialektis", "Pupuk Kaltim bayar premi BPJS Ketenagakerjaan ribuan warga Bontang",
              "https://dialektis.co/?p=24538", "2025-04-22"),
    "S0383": ("Pemkab Deli Serdang", "10.500 pekerja rentan di Deli Serdang tercover BPJS Ketenagakerjaan CSR Bank Sumut",
              "https://portal.deliserdangkab.go.id/10500-pekerja-rentan-di-deli-serdang-tercover-bpjs-ketenagakerjaan-csr-bank-sumut.html", "2022-07-27"),
    "S0384": ("Fajar Sultra", "870 buruh di Kendari dapat jaminan sosial dari CSR perusahaan",
              "https://sultra.fajar.co.id/2022/10/24/870-buruh-di-kendari-dapat-jaminan-sosial-dari-csr-perusahaan", "2022-10-24"),
    "S0385": ("AEA RCT Registry", "Evaluating the impact of subsidies and auto-debit payment on the retention of informal workers in the national employment social security programs (AEARCTR-0015911)",
              "https://www.socialscienceregistry.org/trials/15911", "2025-06-13"),
    "S0386": ("Warta Kota", "Gandeng ALFI DKI Jakarta, kini seluruh pelaku usaha pelabuhan akan terdaftar program BPJamsostek",
              "https://wartakota.tribunnews.com/2021/11/18/gandeng-alfi-dki-jakarta-kini-seluruh-pelaku-usaha-pelabuhan-akan-terdaftar-program-bpjamsostek", "2021-11-18"),
    "S0387": ("Tribun Jateng", "Baru 16,25 persen pekerja jasa konstruksi di Kudus yang terdaftar BPJS Ketenagakerjaan",
              "https://jateng.tribunnews.com/2025/07/22/baru-1625-persen-pekerja-jasa-konstruksi-di-kudus-yang-terdaftar-bpjs-ketenagakerjaan", "2025-07-22"),
    # issue #19 evidence, third search (4 Dec 2026): permit gates with worker counts, more funded lists, voluntary stocks
    "S0500": ("Darilaut.id", "95.940 awak kapal perikanan telah diasuransikan pelaku usaha",
              "https://darilaut.id/berita/95-940-awak-kapal-perikanan-telah-diasuransikan-pelaku-usaha", "2019-12-10"),
    "S0501": ("Darilaut.id", "Tak beri asuransi untuk awak kapal perikanan, pemilik kena sanksi",
              "https://darilaut.id/berita/tak-beri-asuransi-untuk-awak-kapal-perikanan-pemilik-kena-sanksi", "2019-07"),
    "S0502": ("Yayasan Plan International Indonesia", "Jaminan ketenagakerjaan yang kami harapkan",
              "https://plan-international.or.id/id/jaminan-ketenagakerjaan-yang-kami-harapkan/", "2022-09"),
    "S0503": ("Radar Bromo", "Per Januari 2019, ABK yang mau berlayar wajib ikut BPJS",
              "https://radarbromo.co.id/2019/01/19/per-januari-2019-abk-yang-mau-berlayar-wajib-ikut-bpjs/", "2019-01-19"),
    "S0504": ("Tribunnews", "Bank Jateng tanggung iuran BPJS 7.000 pekerja informal",
              "https://m.tribunnews.com/regional/2017/06/14/bank-jateng-tanggung-iuran-bpjs-7000-pekerja-informal", "2017-06-14"),
    "S0505": ("Bank Jateng", "Bank Jateng salurkan Rp 2,016 miliar bantuan pekerja",
              "https://www.bankjateng.co.id/bank-jateng-salurkan-rp-2016-miliar-bantuan-pekerja/", "2019-04-16"),
    "S0506": ("Topsatu.com", "Baznas Dharmasraya daftarkan 89 mustahik sebagai peserta BPJS Ketenagakerjaan",
              "https://topsatu.com/baznas-dharmasraya-daftarkan-89-mustahik-sebagai-peserta-bpjs-ketenagakerjaan", "2023-10-26"),
    "S0507": ("Republika", "BPJS Ketenagakerjaan targetkan 1 juta nelayan untuk jadi peserta",
              "https://news.republika.co.id/berita/nzifms349/bpjs-ketenagakerjaan-targetkan-1-juta-nelayan-untuk-jadi-peserta", "2015-12-17"),
    "S0508": ("Sumbarbisnis", "320 ribu pengemudi ojol sudah gabung jadi peserta BPJS Ketenagakerjaan",
              "https://www.sumbarbisnis.com/320-ribu-pengemudi-ojol-sudah-gabung-jadi-peserta-bpjs-ketenagakerjaan", "2025-06-17"),
    "S0509": ("Merdeka.com", "90% usaha perikanan Benoa patuh program BPJS Ketenagakerjaan",
              "https://planet.merdeka.com/hot-news/90-usaha-perikanan-benoa-patuh-program-bpjs-ketenagakerjaan-290323-mvk.html", "2025-01"),
    "S0510": ("Puskapik", "Kepesertaan BPJS Ketenagakerjaan di Tegal capai 52,55 persen, Pemkot gencarkan pembinaan",
              "https://www.puskapik.com/tegal/kepesertaan-bpjs-ketenagakerjaan-di-tegal-capai-5255-persen-pemkot-gencarkan-pembinaan", "2025-09-28"),
    "S0511": ("RMOL Sumsel", "Kejari Muara Enim gandeng perusahaan lindungi pekerja rentan lewat kepesertaan BPJS Ketenagakerjaan",
              "https://www.rmolsumsel.id/kejari-muara-enim-gandeng-perusahaan-lindungi-pekerja-rentan-lewat-kepesertaan-bpjs-ketenagakerjaan", "2024-04-24"),
    "S0512": ("Antara Papua", "BP Jamsostek Mimika dorong perusahaan swasta lindungi pekerja OAP",
              "https://papua.antaranews.com/amp/berita/519071/bp-jamsostek-mimika-dorong-perusahaan-swasta-lindungi-pekerja-oap", "2020-01"),
    "S0513": ("Antara Papua", "BPJAMSOSTEK Mimika dorong perusahaan tanggung iuran kepesertaan OAP",
              "https://papua.antaranews.com/berita/645070/bpjamsostek-mimika-dorong-perusahaan-tanggung-iuran-kepesertaan-oap", "2021"),
    "S0514": ("Liputan Papua", "Tim kepatuhan bahas pelaksanaan Perda dan Inpres soal implementasi program Jamsostek bagi OAP",
              "https://liputanpapua.id/tim-kepatuhan-bahas-pelaksanaan-perda-dan-inpres-soal-implementasi-program-jamsostek-bagi-oap/", "2022-02-08"),
    "S0515": ("Fajar Papua", "PT Major Drilling daftarkan 500 warga Kuala Kencana jadi peserta BPJS Ketenagakerjaan",
              "https://fajarpapua.com/2023/11/01/pt-major-drilling-daftarkan-500-warga-kuala-kencana-jadi-peserta-bpjs-ketenagakerjaan/", "2023-11-01"),
    "S0516": ("Torangbisa.com", "Pemkab Mimika dan BPJS Ketenagakerjaan dorong kolaborasi perluas perlindungan pekerja rentan",
              "https://torangbisa.com/?p=29926", "2026-02-12"),
    "S0517": ("Dinas Kelautan dan Perikanan Provinsi Banten", "Bantuan premi asuransi BPJS Tenaga Kerja bagi nelayan dari Pemerintah Provinsi Banten dan CSR",
              "https://dkp.bantenprov.go.id/index.php/berita/bantuan-premi-asuransi-bpjs-tenaga-kerja-bagi-nelayan-dari-pemerintah-provinsi-banten-dan-csr", "2024"),
    "S0518": ("JPNN", "Lewat PI Peduli, Pupuk Indonesia beri jaminan sosial bagi pekerja rentan",
              "https://m.jpnn.com/amp/news/lewat-pi-peduli-pupuk-indonesia-beri-jaminan-sosial-bagi-pekerja-rentan", "2023-08-31"),
    "S0519": ("Realita", "Dukung program GN Lingkaran, BPJAMSOSTEK-BMKU lindungi 1.000 pekerja rentan",
              "https://realita.co/baca-12667-dukung-program-gn-lingkaran-bpjamsostek-bmku-lindungi-1000-pekerja-rentan", "2022-09-14"),
    "S0520": ("Mercusuar", "PT Integritas Perkasa Konstruksi berikan pekerja informal perlindungan BPJS Ketenagakerjaan",
              "https://mercusuar.web.id/sulteng-membangun/pt-integritas-perkasa-konstruksi-berikan-pekerja-informal-perlindungan-bpjs-ketenagakerjaan", "2023-12-07"),
    "S0521": ("Kontan", "Agen Perisai BPJS Ketenagakerjaan kumpulkan iuran Rp 13,7 miliar",
              "https://amp.kontan.co.id/news/agen-perisai-bpjs-ketenagakerjaan-kumpulkan-iuran-rp-137-miliar", "2018-08-16"),
    "S0522": ("Kompas.com", "Sasar pekerja informal, BPJS Ketenagakerjaan targetkan 20.000 agen Perisai",
              "http://ekonomi.kompas.com/read/2018/12/11/132158226/twitter.com", "2018-12-11"),
    "S0523": ("Perpustakaan FKM Universitas Indonesia", "Kepesertaan pekerja sektor informal di Kota Depok dalam program BPJS Ketenagakerjaan (abstrak)",
              "https://lib.fkm.ui.ac.id/abstrak2?id=138732&lokasi=lokal", "2025"),
    "S0524": ("Teropong News", "BP Jamsostek Merauke sampaikan relaksasi iuran dan evaluasi program bagi nelayan",
              "https://teropongnews.com/bp-jamsostek-merauke-sampaikan-relaksasi-iuran-dan-evaluasi-program-bagi-nelayan/", "2020-10-01"),
    "S0525": ("Teropong News", "BP Jamsostek dan Pelabuhan Perikanan Nusantara Merauke kembali teken PKS",
              "https://teropongnews.com/2020/12/bp-jamsostek-dan-pelabuhan-periksa-nusantara-merauke-kembali-teken-pks", "2020-12-08"),
    "S0526": ("VOI", "BPJS Employment: 486,000 fishermen and crew protected until 2022",
              "https://voi.id/en/economy/244140", "2023-01-12"),
}
# the day each source was read through the search tool (sources not listed here: 3 Dec 2026)
ACCESSED = {sid: "2026-12-04" for sid in NEW_SOURCES if "S0500" <= sid <= "S0549"}


def _ensure_sources() -> None:
    """Append the issue-#19 episode sources to sources.csv (once; existing ids are left as they are)."""
    path = RAW / "sources.csv"
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, have = reader.fieldnames, {r["source_id"] for r in reader}
    new = [{"source_id": k, "publisher": pub, "title": title, "title_basis": "from the article headline", "url": url,
            "published_date": date, "accessed_date": ACCESSED.get(k, "2026-12-03"),
            "licence": "figures quoted from a public page (facts are not copyrighted; no text reproduced)",
            "used_in": "episodes"} for k, (pub, title, url, date) in NEW_SOURCES.items() if k not in have]
    if new:
        with open(path, "a", newline="", encoding="utf-8") as f:
            csv.DictWriter(f, fieldnames=fields, lineterminator="\n").writerows(new)


def src_new(sid: str) -> dict[str, str]:
    pub, _title, url, date = NEW_SOURCES[sid]
    return {"source_ids": sid, "publisher": pub, "source_url": url, "published_date": date}


# payer after a funder stops, coded as its index in policy.mechanics.PAYERS (inputs are name=number pairs)
PAYER = {name: i for i, name in enumerate(("district", "village", "employer", "worker", "nobody"))}


def fmt(x: float) -> str:
    return f"{x:.6g}"


def inputs(**kw: float) -> str:
    return ";".join(f"{k}={fmt(v)}" for k, v in kw.items())


def episodes() -> list[dict[str, str]]:
    premium_year = 12 * p("apbd_premium_per_worker_month")
    okut_list = c("C0216") / premium_year
    jember_new_2015 = 1217  # firms registered Jan-Jul 2015, printed in the same row's note (Antara Jatim)
    jember_prior_per_month = 168 / 12  # firms registered in all of 2014, same note
    out = [
        dict(episode_id="E01", region_code="1606", region_name="Musi Banyuasin", lever="subsidy", kind="growth",
             start="2025-01", end="", inputs=inputs(listed_persons=c("C0217") - c("C0193"), list_verified=0, observed_after_months=7),
             outcome_metric="added_persons", observed_value=fmt(c("C0198") - c("C0196")), observed_unit="persons",
             noise_sd_rel="0.3", noise_reason="two press relays of BPJS statements; the rise also holds the regency's own trend, which BPJS says is the smaller part",
             use_in_calibration="1", fact_rows="coverage_observations:C0193,C0196,C0198,C0217;parameters:muba_coverage_change",
             **src_c("C0198"), conflict="",
             note="list status: unverified (names drawn from the P3KE poverty register, not matched to BPJS records before budgeting). list grew from 11,000 (2024, C0193) to 45,000 (C0217): 34,000 new listed workers from the 2025 budget year (start assumed Jan 2025); outcome = active Jul 2025 (103,079) minus Dec 2024 (88,958)"),
        dict(episode_id="E02", region_code="1609", region_name="Ogan Komering Ulu Timur", lever="subsidy", kind="growth",
             start="2025-01", end="2025-12", inputs=inputs(budget_list_persons=okut_list, list_verified=1, already_enrolled_share=c("C0215") / okut_list, observed_after_months=6),
             outcome_metric="enrolled_share_of_budget_list", observed_value=fmt(c("C0214") / okut_list), observed_unit="share",
             noise_sd_rel="0.15", noise_reason="district budget and a press count of covered workers from the same article",
             use_in_calibration="1", fact_rows="coverage_observations:C0214,C0216;parameters:apbd_premium_per_worker_month",
             **src_c("C0214"), conflict="2024 first batch printed as 4,665 (Tribun, C0215) and 4,650 (Antara, C0178); episode E09 uses 4,665 (the article that also gives the 2025 figures)",
             note="list status: verified (the budget was set for named workers: Rp1.6 bn = about 8,000 x 12 x Rp16,800), partly enrolled already (the 4,665 of the 2024 batch, C0215, input already_enrolled_share); budgeted list = Rp1.6 bn / (Rp16,800 x 12); outcome = 8,082 covered in Jun 2025 / budgeted list"),
        dict(episode_id="E03", region_code="6408", region_name="Kutai Timur (Kaltim)", lever="subsidy", kind="start",
             start="2025-01", end="2025-12", inputs=inputs(list_verified=0, already_enrolled_share=0, observed_after_months=12),
             outcome_metric="enrolled_share_of_budget_list", observed_value=fmt(p("subsidy_kutim_verified_share")), observed_unit="share",
             noise_sd_rel="0.1", noise_reason="98,000 of 150,000 are counts quoted by a local outlet, with the budget spent",
             use_in_calibration="1", fact_rows="parameters:subsidy_kutim_verified_share",
             **src_p("subsidy_kutim_verified_share"), conflict="", note="list status: unverified (the target was criticised as not based on initial data, per the headline); share of the budgeted target that passed verification and was registered"),
        dict(episode_id="E04", region_code="71", region_name="Sulawesi Utara", lever="subsidy", kind="stop",
             start="2024-01", end="2024-12", inputs=inputs(listed_persons=180000, base_persons=854203, funded_months=24, payer=PAYER["district"], observed_after_months=12),
             outcome_metric="coverage_drop_pp", observed_value=fmt(100 * p("coverage_drop_when_apbd_paused_sulut")), observed_unit="percentage_points",
             noise_sd_rel="0.2", noise_reason="one news report with a misprinted percentage; the counts are consistent",
             use_in_calibration="1", fact_rows="parameters:coverage_drop_when_apbd_paused_sulut,subsidy_sulut_workers_2025",
             **src_p("coverage_drop_when_apbd_paused_sulut"),
             conflict="article prints 29.72% for 2024; its own counts (595,578 / 854,203) give 69.72%: uses 69.72% (drop ~8 pp, row value 0.08). The list was 180,000 at the end-2021 launch and 132,500 in 2025 (subsidy_sulut_workers_2025): uses 180,000 for the 2022-23 list. The further fall to 60.06% by Aug 2025 is confounded by the end of election-worker contracts and is not used",
             note="payer after the stop: districts (kab/kota commitments to protect pekerja rentan, Antara Sulut S0357), share taken over not reported (the model uses takeover_share_default); APBD premiums for informal workers not budgeted in the Pilkada year 2024 after two funded years (2022-23); outcome = coverage fall over the unfunded year; base = 854,203 workers"),
        dict(episode_id="E05", region_code="3509", region_name="Jember (Jatim)", lever="mandate", kind="licence_rule",
             start="2015-01", end="2015-07",
             inputs=inputs(prior_firms_per_month=jember_prior_per_month, unregistered_firms=1500, observed_after_months=7),
             outcome_metric="firms_registered", observed_value=fmt(jember_new_2015), observed_unit="firms",
             noise_sd_rel="0.25", noise_reason="single uncontrolled before/after count relayed by Antara",
             use_in_calibration="1", fact_rows="parameters:licence_mandate_new_employer_flow_ratio_jember,firms_registered_jember_2015;coverage_observations:C0001",
             **src_p("firms_registered_jember_2015"),
             conflict="the pre-rule count of unregistered firms (1,500, Prosalina Radio 10 Jan 2015, S0344) is for the Jember branch (Jember, Bondowoso, Lumajang), the outcome for Jember regency alone; the branch also had 2,200 registered firms with 58,000 workers against 2,624 firms with 50,749 workers in the regency after the rule",
             note="Bupati instruction Dec 2014 required BPJS proof for new/renewed licences; 168 firms registered in 2014 (14/month), 1,217 in Jan-Jul 2015 (ratio 12.4). Input: 1,500 unregistered firms reported by the branch head BEFORE the rule (issue #19: no longer computed from the outcome)"),
        dict(episode_id="E06", region_code="RCT-JKN", region_name="Medan and Bandung (JKN RCT)", lever="rct", kind="rct_arm",
             start="2015-01", end="2015-12", inputs=inputs(observed_after_months=12),
             outcome_metric="enrolment_share", observed_value=fmt(p("jkn_rct_control_enrolment")), observed_unit="share",
             noise_sd_rel="0.25", noise_reason="seminar-abstract rounding ('about 8%'); health insurance, not BPJS TK",
             use_in_calibration="1", fact_rows="parameters:jkn_rct_control_enrolment", **src_p("jkn_rct_control_enrolment"),
             conflict="", note="control arm (no subsidy): enrolment from the voluntary-enrolment flow over the enrolment year"),
        dict(episode_id="E07", region_code="RCT-JKN", region_name="Medan and Bandung (JKN RCT)", lever="rct", kind="rct_arm",
             start="2015-01", end="2015-12", inputs=inputs(funded_months=12, observed_after_months=12),
             outcome_metric="enrolment_share", observed_value=fmt(p("jkn_rct_full_subsidy_assisted_enrolment")), observed_unit="share",
             noise_sd_rel="0.15", noise_reason="abstract figure ('about 30%'), randomised arm of ~1,000 households",
             use_in_calibration="1", fact_rows="parameters:jkn_rct_full_subsidy_assisted_enrolment,jkn_rct_registration_failure_share",
             **src_p("jkn_rct_full_subsidy_assisted_enrolment"), conflict="",
             note="full one-year subsidy plus assisted registration (opt-in); more than half of assisted attempts failed, so the opt-in take-up is net of failures"),
        dict(episode_id="E08", region_code="RCT-JKN", region_name="Medan and Bandung (JKN RCT)", lever="rct", kind="stop",
             start="2016-01", end="2016-12", inputs=inputs(funded_months=12, payer=PAYER["worker"], observed_after_months=12),
             outcome_metric="coverage_ratio_to_control", observed_value=fmt(p("jkn_rct_coverage_multiplier_after")), observed_unit="ratio",
             noise_sd_rel="0.25", noise_reason="'about 2 times' in the working paper summary; health insurance lapse may differ from BPJS TK",
             use_in_calibration="1", fact_rows="parameters:jkn_rct_coverage_multiplier_after,jkn_rct_full_subsidy_enrolment_after_end",
             **src_p("jkn_rct_coverage_multiplier_after"),
             conflict="a blog summary says the full-subsidy group fell back to 'nearly 10%' (ratio ~1.25 to an 8% control); uses the working paper's ~2x multiple",
             note="full-subsidy arm a year after the subsidy year ended, relative to control"),
        dict(episode_id="E09", region_code="1609", region_name="Ogan Komering Ulu Timur", lever="subsidy", kind="start",
             start="2024-09", end="2024-12", inputs=inputs(listed_persons=c("C0215")), outcome_metric="", observed_value="", observed_unit="",
             noise_sd_rel="", noise_reason="", use_in_calibration="0", fact_rows="coverage_observations:C0178,C0215", **src_c("C0215"),
             conflict="4,665 (Tribun, C0215) vs 4,650 (Antara, C0178): uses 4,665", note="first batch from the revised 2024 budget; only the list size is reported, no outcome"),
        dict(episode_id="E10", region_code="1603", region_name="Muara Enim", lever="subsidy", kind="start",
             start="2025-10", end="2025-12", inputs=inputs(listed_persons=c("C0258"), funded_months=p("subsidy_muaraenim_months")),
             outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="", noise_reason="", use_in_calibration="0",
             fact_rows="coverage_observations:C0258,C0259,C0260;parameters:subsidy_muaraenim_months", **src_c("C0258"), conflict="",
             note="3-month end-of-year window (Oct-Dec 2025); no outcome published yet: a future test of the lapse hazard"),
        dict(episode_id="E11", region_code="1602", region_name="Ogan Komering Ilir", lever="subsidy", kind="start",
             start="2025-09", end="", inputs=inputs(listed_persons=c("C0245")), outcome_metric="", observed_value="", observed_unit="",
             noise_sd_rel="", noise_reason="", use_in_calibration="0", fact_rows="coverage_observations:C0244,C0245", **src_c("C0245"),
             conflict="", note="about 76,000 village officials and vulnerable workers launched Sep 2025 (119,940 protected in all); no before/after figure"),
        dict(episode_id="E12", region_code="32", region_name="Jawa Barat", lever="subsidy", kind="start",
             start="2025-11", end="2025-12", inputs=inputs(listed_persons=p("subsidy_jabar_workers_province"), funded_months=2),
             outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="", noise_reason="", use_in_calibration="0",
             fact_rows="parameters:subsidy_jabar_workers_province,subsidy_jabar_budget_2025", **src_p("subsidy_jabar_workers_province"),
             conflict="", note="province pays Nov-Dec 2025 for DTSEN deciles 1-4, districts the rest (~1 m in all); no outcome yet"),
        dict(episode_id="E13", region_code="19", region_name="Kepulauan Bangka Belitung", lever="subsidy", kind="stop",
             start="2024-01", end="2024-06", inputs=inputs(observed_after_months=6), outcome_metric="bpu_coverage_lost_share",
             observed_value=fmt(1 - p("bpu_coverage_drop_babel", "value_low") / p("bpu_coverage_drop_babel", "value_high")), observed_unit="share",
             noise_sd_rel="0.3", noise_reason="one news report", use_in_calibration="0", fact_rows="parameters:bpu_coverage_drop_babel",
             **src_p("bpu_coverage_drop_babel"), conflict="",
             note="not used: the source names tin-case closures and honorer conversions as causes, so the fall is not a subsidy stop alone"),
        dict(episode_id="E14", region_code="34", region_name="DI Yogyakarta", lever="mandate", kind="licence_rule",
             start="2018-01", end="2018-06", inputs="", outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="",
             noise_reason="", use_in_calibration="0", fact_rows="parameters:firm_registration_share_diy_2018", **src_p("firm_registration_share_diy_2018"),
             conflict="", note="governor's circular alone had 'no significant' effect (24% of NPWP firms registered); no quantified change"),
        dict(episode_id="E15", region_code="3275", region_name="Kota Bekasi (Jabar)", lever="mandate", kind="licence_rule",
             start="2018-01", end="", inputs=inputs(uncovered_workers_per_firm=p("uncovered_workers_per_firm_bekasi")),
             outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="", noise_reason="", use_in_calibration="0",
             fact_rows="parameters:uncovered_workers_per_firm_bekasi", **src_p("uncovered_workers_per_firm_bekasi"), conflict="",
             note="proof required for new and renewed SIUP/TDP/SIUJK from 2018; ~21,000 uncovered workers in ~3,000 firms; no outcome reported"),
    ]
    out += new_episodes()
    mech = {"E01": "list_status;budget_schedule", "E02": "list_status;budget_schedule", "E03": "list_status",
            "E04": "payer_after_stop;budget_schedule", "E05": "mandate_chain", "E06": "voluntary", "E07": "voluntary",
            "E08": "voluntary;payer_after_stop", "E09": "budget_schedule", "E10": "budget_schedule", "E11": "list_status",
            "E12": "budget_schedule", "E13": "payer_after_stop", "E14": "mandate_chain", "E15": "mandate_chain"}
    for r in out:
        r.setdefault("mechanism", mech.get(r["episode_id"], ""))
        if r["episode_id"] == "E05":
            r["source_ids"] = r["source_ids"] + ";S0344"
        if r["episode_id"] == "E19":
            r["source_ids"] = r["source_ids"] + ";S0357"
        if r["episode_id"] == "E04":
            r["conflict"] += "; BPJS Sulut later gave 76.11% for 2024 (E24, a drop of about 1.8 pp): kept side by side, not used"
    return out


def new_episodes() -> list[dict[str, str]]:
    """Episodes found for issue #19. Every figure is quoted in ``note`` with its arithmetic; inputs never use the outcome."""
    E = []

    def ep(**kw):
        kw.setdefault("end", "")
        kw.setdefault("conflict", "")
        kw.setdefault("fact_rows", "sources:" + kw["source_ids"])
        E.append(kw)

    def excluded(eid, code, name, lever, kind, mech, start, end, sid, note, conflict=""):
        """A documented episode the calibration does not use; ``note`` starts with the reason."""
        ep(episode_id=eid, region_code=code, region_name=name, lever=lever, kind=kind, mechanism=mech, start=start,
           end=end, inputs="", outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="", noise_reason="",
           use_in_calibration="0", conflict=conflict, note=note, **src_new(sid))

    ep(episode_id="E16", region_code="8204", region_name="Halmahera Selatan (Malut)", lever="subsidy", kind="payer_change",
       mechanism="payer_after_stop", start="2025-01", end="2025-11",
       inputs=inputs(payer=PAYER["village"], takeover_share=235 / 249, observed_after_months=11),
       outcome_metric="inactive_share", observed_value=fmt(864 / (19004 + 864)), observed_unit="share",
       noise_sd_rel="0.3", noise_reason="one branch head's counts relayed by a local paper; the count of unpaid villages is printed as 14 and 15",
       use_in_calibration="1", **src_new("S0345"),
       conflict="14 villages have not paid pekerja-rentan premiums (Sekda) vs 15 (branch head, same article): uses 14",
       note="village budgets (APBDes) pay pekerja-rentan premiums; 235 of 249 villages paid in 2025, the rest did not: input = 14/249 of the list without a payer; outcome = 864 inactive of 19,004 active + 864 inactive (30 Nov 2025)")
    ep(episode_id="E17", region_code="5171", region_name="Kota Denpasar (Bali)", lever="voluntary", kind="self_payment",
       mechanism="payer_after_stop", start="2015-01", end="2015-12", inputs=inputs(observed_after_months=12),
       outcome_metric="still_paying_share", observed_value=fmt(3000 / 10000), observed_unit="share",
       noise_sd_rel="0.3", noise_reason="rounded counts ('10 ribu', '3.000') from a branch head; members joined at different months of the year",
       use_in_calibration="1", **src_new("S0346"),
       note="informal (BPU) members paying themselves: of about 10,000 active informal members in 2015 only 3,000 paid through December 2015; lapse after self-payment")
    ep(episode_id="E18", region_code="ID", region_name="Indonesia (BSU wage-subsidy list 2020)", lever="subsidy", kind="list_check",
       mechanism="list_status", start="2020-08", end="2020-09", inputs=inputs(list_verified=0),
       outcome_metric="list_pass_share", observed_value=fmt(12.4 / 14.8), observed_unit="share",
       noise_sd_rel="0.1", noise_reason="national administrative counts quoted by BPJS's director; a cash-transfer list, not premiums",
       use_in_calibration="1", **src_new("S0347"),
       note="employer-submitted names checked against bank accounts, eligibility and one-NIK-one-member rules: 12.4 m of 14.8 m passed (1.8 m outside the criteria, 0.6 m failed validation by 30 Sep 2020)")
    ep(episode_id="E19", region_code="71", region_name="Sulawesi Utara (restart 2025)", lever="subsidy", kind="restart",
       mechanism="budget_schedule;list_status", start="2025-01", end="2025-12", inputs=inputs(list_verified=0),
       outcome_metric="list_pass_share", observed_value=fmt(132500 / 180000), observed_unit="share",
       noise_sd_rel="0.15", noise_reason="two counts from different articles and years (launch 2021, monitoring 2025)",
       use_in_calibration="1", fact_rows="parameters:subsidy_sulut_workers_2025", **src_p("subsidy_sulut_workers_2025"),
       conflict="the provincial budget may also have been cut on restart; the fall from 180,000 to 132,500 is read as re-verification of the old list",
       note="180,000 pekerja rentan launched on the provincial budget end-2021 (Antara Sulut, S0357); after the unfunded 2024 the province paid 132,500 in 2025: share of the old list re-registered at the restart")
    ep(episode_id="E20", region_code="3509", region_name="Jember (Jatim), enforcement 2014", lever="mandate", kind="enforcement",
       mechanism="mandate_chain", start="2014-01", end="2014-12", inputs="",
       outcome_metric="compliance_share", observed_value=fmt(60 / 135), observed_unit="share",
       noise_sd_rel="0.25", noise_reason="one branch head's round counts; enforcement by prosecutors, not a licence gate",
       use_in_calibration="1", **src_new("S0344"),
       note="135 non-registering firms handed to the prosecutors in 2014; 60 then registered: share of firms meeting a hard gate that comply")
    ep(episode_id="E21", region_code="R-KALIMANTAN", region_name="Kalimantan (BPJS TK region)", lever="mandate", kind="paying_share",
       mechanism="mandate_chain", start="2017-12", end="", inputs="",
       outcome_metric="active_share_of_registered", observed_value=fmt((3.0 - 1.4) / 3.0), observed_unit="share",
       noise_sd_rel="0.2", noise_reason="round figures from a DPR visit; all segments, not only mandate-registered workers",
       use_in_calibration="1", **src_new("S0348"),
       conflict="the sentence can also be read as 1.4 m inactive next to 3 m active (active share 0.68); the DPR member's own sentence ('3 million participants, 1.4 million not active') gives 0.53: uses 0.53",
       note="registered participants whose employer (or they) no longer pay: 1.4 m of about 3 m registered were inactive (Dec 2017)")
    ep(episode_id="E22", region_code="33", region_name="Jawa Tengah (BPJS TK region)", lever="mandate", kind="paying_share",
       mechanism="mandate_chain", start="2021-11", end="", inputs="",
       outcome_metric="active_share_of_registered", observed_value=fmt(3062280 / (3062280 + 1812329)), observed_unit="share",
       noise_sd_rel="0.2", noise_reason="administrative counts from the regional deputy director; PU, BPU and construction together",
       use_in_calibration="1", **src_new("S0349"),
       note="3,062,280 active and 1,812,329 inactive participants in Central Java on 30 Nov 2021 (PU + BPU + construction)")
    ep(episode_id="E23", region_code="19", region_name="Kepulauan Bangka Belitung (firms paying)", lever="mandate", kind="paying_share",
       mechanism="mandate_chain", start="2025-04", end="", inputs="",
       outcome_metric="active_share_of_registered", observed_value=fmt(p("firm_full_payment_share_babel")), observed_unit="share",
       noise_sd_rel="0.3", noise_reason="firms paying in full (stricter than workers active), one news report",
       use_in_calibration="1", fact_rows="parameters:firm_full_payment_share_babel", **src_p("firm_full_payment_share_babel"),
       note="41% of registered firms in Bangka Belitung pay contributions in full (Pangkalpinang branch, Apr 2025)")
    excluded("E24", "71", "Sulawesi Utara (2024 level, second source)", "subsidy", "stop", "payer_after_stop", "2024-01", "2024-12", "S0350",
             "not used: a second source for E04's outcome year that contradicts it; the 2025 fall to 67.95% is attributed to the end of election-worker contracts", conflict="BPJS Sulut gives 76.11% coverage for 2024 (a drop of about 1.8 pp from 77.89% in 2023) where Koran Metro's counts give 69.72% (E04, about 8 pp): kept side by side, E04 uses the counts")
    excluded("E25", "73", "Sulawesi Selatan (informal drive 2015)", "voluntary", "start", "voluntary", "2015-01", "2015-08", "S0351",
             "not used: 4,000 informal members against a target of 75,000 among about 2.05 m uncovered informal workers is a population-wide flow of unreached workers, not the take-up of a reached group that the voluntary lever models")
    excluded("E26", "73", "Sulawesi Selatan (Pergub licence rule 2015)", "mandate", "licence_rule", "mandate_chain", "2014-05", "2015-04", "S0352",
             "not used: a governor's regulation tying licences to BPJS proof raised registrations by about 35% (141,179 active workers, 4,706 firms in Apr 2015), but neither the unregistered pool nor the before count is given", conflict="registrations 'up about 35%' after the Pergub vs Jember's 12-fold rise (E05): very different sizes of the same rule")
    excluded("E27", "3528", "Pamekasan (Jatim)", "voluntary", "self_payment", "payer_after_stop", "2022-01", "2022-12", "S0353",
             "not used: 8,556 memberships deactivated after 3 unpaid months in 2022, but the number of self-paying members they came from is not given")
    excluded("E28", "3401", "Kulon Progo (DIY), village payer", "subsidy", "payer_change", "payer_after_stop", "2018-11", "", "S0354",
             "not used: 39 of 87 villages enrolled their officials after a district circular asking villages to pay; village officials are not a subsidy list and no later count is given")
    excluded("E29", "3322", "Kabupaten Semarang (Jateng), village payer", "subsidy", "payer_change", "payer_after_stop", "2019-01", "2019-10", "S0355",
             "not used: 188 of 208 villages had not yet paid their officials' premiums by Oct 2019 (4,596 members); the active count is not given, so the deactivation rule cannot be checked")
    excluded("E30", "6409", "Penajam Paser Utara (Kaltim)", "subsidy", "growth", "budget_schedule", "2023-01", "2025-12", "S0356",
             "not used: 15,000 district-paid and 5,614 province-paid pekerja rentan (2023-2025) and Rp3 bn for 2025 to add 5,000: a schedule with two payers, but no outcome apart from the list itself")
    excluded("E31", "3579", "Kota Batu (Jatim)", "subsidy", "start", "list_status", "2024-01", "", "S0358",
             "not used: 8,291 informal workers paid from tobacco-excise funds (DBHCHT); list size only, no outcome")
    # --- issue #19 evidence follow-up (searched 3 Dec 2026) -------------------------------------------------------
    ep(episode_id="E32", region_code="1310", region_name="Dharmasraya (Sumbar), wage earners paying", lever="mandate",
       kind="paying_share", mechanism="mandate_chain", start="2023-10", inputs="",
       outcome_metric="active_share_of_registered", observed_value=fmt(2700 / 7000), observed_unit="share",
       noise_sd_rel="0.3", noise_reason="two round figures ('lebih kurang') from one branch head at a coordination meeting",
       use_in_calibration="1", **src_new("S0360"),
       note="wage earners (PU) registered with BPJS TK in Dharmasraya: about 7,000, of whom about 2,700 are paid for every month (Oct 2023): registered workers whose employer keeps paying")
    # Employer (CSR) funding of lists: the CSR lever's own mechanism. None of these reports what became of a funded
    # list, so none can test it; each is documented with the reason (E48 below is the one with an outcome).
    excluded("E33", "7271", "Kota Palu (Sulteng), Bank Sulteng CSR 2016-17", "csr", "employer_funding", "employer_funding",
             "2016-08", "2016-10", "S0361",
             "not used: the regional bank paid three months of JKK+JKM for 3,000 vulnerable workers (2,000 fishers, 850 farmers, 150 cleaners; Aug 2016), after which they were expected to pay themselves; how many did is not reported. In Oct 2017 it funded three months for another 3,000 (mosque and church staff, street vendors, ojek drivers, PKH members; Antara Sulteng, S0362): the employer renewed its programme but not its list",
             conflict="the bank's own page (2,000 fishers, 850 farmers, 150 cleaners, Aug 2016) and Antara (Oct 2017, 'kembali' = again, a different 3,000) describe two rounds, not one list renewed")
    # the other CSR rounds: (id, region, name, start, end, source, note); lever csr, mechanism employer_funding
    csr_rounds = (
        ("E34", "33", "Jawa Tengah, Bank Jateng CSR 2016", "2016-08", "2017-01", "S0363",
         "not used: the regional bank paid six months of premiums for 7,000 informal workers (farmers, craftsmen, cleaners, hawkers); list size only, no count of the list after the six months"),
        ("E35", "1603", "Muara Enim (Sumsel), prosecutors' CSR drive", "2024-01", "", "S0364",
         "not used: of about 50,000 vulnerable workers the district prosecutors asked firms to cover, two plantation/mining firms (PT MHP, PT SBS) funded 450 (about 1%); how many firms take part is the lever's input (CSR workers), not something the model predicts, and no later count is given"),
        ("E36", "ID", "Indonesia, GN Lingkaran 2017", "2017-01", "2017-12", "S0365",
         "not used: almost 500,000 vulnerable workers registered through CSR donations by Dec 2017 against a target of 350,000 (several hundred donor firms); a national stock of donated memberships, with neither the pledged lists nor their renewal"),
        ("E37", "3671", "Kota Tangerang, PT Siegwerk CSR 2022", "2022-06", "", "S0366",
         "not used: one firm enrolled 50 neighbourhood informal workers (Jun 2022), BPJS hoping for 100 the next year; list size only, no outcome"),
        ("E38", "13", "Sumatera Barat, Bank Nagari CSR 2019", "2019-12", "2020-02", "S0367",
         "not used: the regional bank paid three months of JKK+JKM for 5,000 vulnerable workers (2,350 religious instructors); list size only, no count after the three months"),
        ("E39", "7403", "Konawe and Konawe Selatan (Sultra), Bank Sultra CSR 2016", "2016-12", "", "S0368",
         "not used: the regional bank enrolled 2,000 farmers and made BPJS TK membership a condition of its farm credit so that they stay active; no later count"),
        ("E40", "ID", "Indonesia, who pays for pekerja rentan 2022", "2022-12", "", "S0369",
         "not used: 1.2 m vulnerable workers paid by regional governments and 598,000 by companies (end 2022); a stock by payer, not the outcome of a funded list"),
        ("E41", "3674", "Tangerang Selatan, GN Lingkaran donations 2023", "2023-05", "", "S0370",
         "not used: the branch head says many donors pay only a few months as a 'stimulus' and donations are not permanent, urging recipients to pay themselves; no count"),
    )
    def excluded_csr_rounds(rounds):
        """(id, region, name, start, end, source, note[, conflict]) rows: lever csr, mechanism employer_funding."""
        for eid, code, name, start, end, sid, note, *conflict in rounds:
            excluded(eid, code, name, "csr", "employer_funding", "employer_funding", start, end, sid, note,
                     conflict=conflict[0] if conflict else "")

    excluded_csr_rounds(csr_rounds)
    ep(episode_id="E44", region_code="7371", region_name="Kota Makassar branch (Sulsel), workers paid for", lever="mandate",
       kind="paying_share", mechanism="mandate_chain", start="2018-03", inputs="",
       outcome_metric="active_share_of_registered", observed_value=fmt(137391 / 456118), observed_unit="share",
       noise_sd_rel="0.3", noise_reason="a branch's administrative counts; its inactive count accumulates every worker ever registered who left, not only those whose employer stopped paying",
       use_in_calibration="1", **src_new("S0373"),
       conflict="the same branch reported 141,179 active workers in Apr 2015 (E26, Sindonews): the active count barely moved in three years while 188 firms with 4,086 workers joined in two months of 2018",
       note="Makassar branch, first week of Mar 2018: 137,391 active and 318,727 inactive workers (456,118 in all) in 6,611 active employers; active share of registered workers")
    excluded("E45", "7371", "Kota Makassar branch (Sulsel), new firms early 2018", "mandate", "paying_share", "mandate_chain",
             "2018-01", "2018-03", "S0373",
             "not used: 188 newly registered firms with 4,086 workers (about 22 per firm) in Jan to early Mar 2018 come from the branch's own drive, not from a licence gate, and the pool they came from is not given; kept as a worker-level count per newly registering firm beside Jember's 19 (E05) and the model's workers per gated firm",
             conflict="about 22 workers per newly registering firm here and 19 in Jember after its rule, against the few workers per firm of the census size classes the chain uses for gated micro and small firms")
    excluded("E46", "ID", "Indonesia, licensing offices (PTSP) and BPJS TK to 2016", "mandate", "licence_rule", "mandate_chain",
             "2016-01", "2016-12", "S0374",
             "not used: cooperation with 170 licensing offices (PTSP) had brought in 32,000 firms by 2016, 25% of all new firms; the share of new firms registering at a gate, but of all new firms (most without employees), and no worker count, so it is not the chain's compliance of firms with employees")
    excluded("E47", "ID", "Indonesia, wage earners by employer size 2021", "mandate", "registered_stock", "mandate_chain",
             "2021-04", "", "S0375",
             "not used: 19.71 m wage earners from 694,989 employers in Apr 2021: 518,372 micro and small employers with 6.38 m workers (about 12 per employer) and 171,671 medium and large with 12.9 m (about 75); a registered stock, not a gate's outcome, kept as the worker-level count per registered employer by size",
             conflict="about 12 workers per registered micro or small employer nationally (and 19 per firm in Jember, E05; 22 in Makassar, E45) against the census size classes' few workers per establishment that the chain gives a gated micro or small firm")
    excluded("E42", "1208", "Simalungun (Sumut), district stops paying 2025", "subsidy", "stop", "payer_after_stop",
             "2025-02", "2025-07", "S0371",
             "not used: the regency stopped paying pekerja-rentan premiums from Feb 2025 with nobody taking over; by Jul 2025 the branch says the list is inactive (no claims possible) and 37,124 extreme-poor members are in arrears, but the list's size before the stop is not given (112,931 is the 2025 target, 45,331 the participants left), so the share gone inactive cannot be computed",
             conflict="112,931 is printed as the 2025 target and 45,331 as the participants it 'fell to': a target against a count, not a before/after")
    excluded("E43", "1272", "Kota Pematangsiantar (Sumut), budget cut 2026", "subsidy", "stop", "budget_schedule",
             "2025-07", "2025-12", "S0372",
             "not used: about 8,000 pekerja rentan paid from the city budget in Jul-Dec 2025, expected to pay themselves from Jan 2026 ('they will not', says the finance office); the 2026 budget of about Rp500 m pays about 2,480 of them for a year. No outcome yet: a future test of a cut with self-payment")
    # --- issue #19 CSR follow-up (searched 3 Dec 2026) ------------------------------------------------------------
    ep(episode_id="E48", region_code="9412", region_name="Mimika (Papua), farmers funded by three local firms",
       lever="csr", kind="employer_funding", mechanism="employer_funding;list_status", start="2022-05", end="2022-08",
       inputs=inputs(list_verified=0), outcome_metric="list_pass_share", observed_value=fmt(657 / 900),
       observed_unit="share", noise_sd_rel="0.25",
       noise_reason="one district official's counts at a card handover; why the other names were not registered is not said",
       use_in_calibration="1", **src_new("S0376"),
       conflict="the article does not say why 243 of the 900 names were not registered: failed checks (the list-status reading used here) or the donors funding fewer; if the donors' budget was the limit, the share overstates the list's losses",
       note="three firms (PT Jasti Pravita, PT Bogofatri Group, PT Bringin Karya Sejahtera) paid JKK+JKM premiums from CSR for May-Aug 2022 for farmers listed by the district agriculture office: 900 farmers' data entered for registration, 657 registered (31 May 2022). List status: unverified (an agency list, not matched to BPJS records before the firms funded it); outcome = share of the employer-funded list registered")
    ep(episode_id="E49", region_code="3301", region_name="Cilacap (Jateng), fishers after a 3-month premium stimulus",
       lever="subsidy", kind="stop", mechanism="payer_after_stop", start="2015-06", end="2015-08",
       inputs=inputs(payer=PAYER["worker"], observed_after_months=11), outcome_metric="inactive_share",
       observed_value=fmt(1.0), observed_unit="share", noise_sd_rel="0.3",
       noise_reason="'not a single fisher continued' from the fishers' association secretary (not an official), relayed by two outlets that disagree on the list size; a rhetorical absolute, not an administrative count: the upper end of the press-relay range",
       use_in_calibration="1", **{**src_new("S0377"), "source_ids": "S0377;S0378"},
       conflict="the stimulus list is 5,000 fishers in Republika (S0377) and 10,000 in KBR (S0378); the share that stopped paying (all) is the same in both, so the list size is not used",
       note="fishers' premiums were paid by a government stimulus launched by the President in Jun 2015 for three months only, then the fishers were to pay themselves (no bank accounts for auto-debit, crews move between boats); by Aug 2016 none had continued (HNSI Cilacap). Payer after the stop: the worker; outcome = inactive share of the stimulus list about 11 months after the three funded months (Sep 2015-Jul 2016). The CSR rounds E33 and E38 have the same design (three funded months, then self-payment)")
    csr_rounds_2 = (
        ("E50", "9412", "Mimika (Papua), CSR under Perda 4/2019", "2021-12", "", "S0380",
         "not used: a district regulation (Perda 4/2019) obliges firms to fund vulnerable indigenous (OAP) workers' premiums from CSR; by end 2021 17 firms protected 14,600 (one firm 10,000), each for a year (S0381); stocks of funded workers, not the outcome of a funded list (how many firms fund is the lever's input)",
         "14,600 workers from 17 firms by end 2021 (S0380) vs about 7,000 from about 15 firms and 3,906 from the largest firm a little earlier (S0381): kept side by side"),
        ("E51", "1603", "Muara Enim (Sumsel), PTBA CSR 2024", "2024-10", "", "S0379",
         "not used: the state coal miner PTBA funded JKK+JKM for 357 vulnerable workers in Lawang Kidul (Oct 2024); list size only, no count after the funding", ""),
        ("E52", "6474", "Kota Bontang (Kaltim), Pupuk Kaltim CSR 2025", "2025-01", "2025-12", "S0382",
         "not used: the state fertiliser firm pays twelve months (Jan-Dec 2025, Rp457.3 m) for 2,270 vulnerable workers and its own partner businesses, after an earlier round for 15,000; two lists of different groups, not the same list renewed, and no outcome", ""),
        ("E53", "1207", "Deli Serdang (Sumut), Bank Sumut CSR 2022", "2022-07", "", "S0383",
         "not used: the regional bank funded one or two months for 10,500 of about 150,000 vulnerable workers as a 'trigger', recipients to continue themselves; list size only, no count after the funded months", ""),
        ("E54", "7471", "Kota Kendari (Sultra), CSR drive 'Berjasa' 2022", "2022-10", "", "S0384",
         "not used: 870 vulnerable workers funded by firms' CSR against a target of 2,500 on the social office's list; how many firms fund is the lever's input (CSR workers), not an outcome the model predicts", ""),
    )
    excluded_csr_rounds(csr_rounds_2)
    E[[r["episode_id"] for r in E].index("E50")]["source_ids"] += ";S0381"
    excluded("E55", "RCT-BPJSTK", "Indonesia, BPJS TK subsidy and auto-debit RCT (registered 2025)", "subsidy", "rct_arm",
             "payer_after_stop", "2025-06", "", "S0385",
             "not used: no outcome yet; about 7,500 new or inactive informal members get 3, 6 or 9 months of premium subsidy, with or without auto-debit, and BPJS TK records follow who keeps paying after the subsidy: a future out-of-sample test of the payer-after-stop mechanism and of lists funded for a few months by any payer")
    # licence and procurement gates with a worker-level or firm-level count but no before/after (issue #19 b)
    excluded("E56", "31", "DKI Jakarta, logistics firms (ALFI) where BPJS TK is a permit requirement", "mandate",
             "registered_stock", "mandate_chain", "2021-11", "", "S0386",
             "not used: the association says membership of BPJS TK is one of the requirements for a permit from a port authority, yet of about 1,400 member firms it counts 900 active memberships (Nov 2021); firms, not workers, and neither the gate's start nor a before count is given",
             conflict="900 'kepesertaan aktif' may count firms or memberships: the unit is not stated")
    excluded("E57", "3319", "Kudus (Jateng), construction workers under the procurement rule 2025", "mandate",
             "registered_stock", "mandate_chain", "2025-01", "2025-07", "S0387",
             "not used: APBD construction contracts must register their projects (PP 44/2015, procurement rules), yet by 20 Jul 2025 63 of 273 work packages were registered, covering 504 workers, and 4,474 of a potential 27,531 construction workers (16.25%) were active; a worker-level count under a gate, but whether the 273 packages are all construction and what the count was before the rule are not given",
             conflict="63 registered packages with 504 workers (about 8 per package) against the 19 workers per newly registering firm in Jember (E05) and 22 in Makassar (E45)")
    # --- issue #19 evidence, third search (4 Dec 2026) -------------------------------------------------------------
    # (b) a permit gate with worker-level counts: fishing vessels get their sailing approval (Surat Persetujuan
    # Berlayar, SPB) only with proof that the owner insures the crew (KKP, from 2019). Every count is a stock of
    # crews under the gate; none gives the crews before the gate or the crews that sail, so none can be predicted.
    excluded("E58", "ID", "Indonesia, fishing crews under the sailing-permit gate 2019", "mandate", "licence_rule",
             "mandate_chain", "2019-01", "2019-11", "S0500",
             "not used: the fisheries ministry withholds a vessel's sailing approval (SPB) unless the owner insures the crew (JKK and JKM, BPJS TK or an insurer; sanction: no SPB, S0501); by Nov 2019 owners covered 95,940 crew in 58 fishing ports. A worker-level count under a permit gate, but neither the crews before the gate nor the crews sailing from those ports are given, and BPJS TK memberships and private policies are counted together")
    E[-1]["source_ids"] += ";S0501;S0526"
    E[-1]["note"] += "; by 2022 BPJS TK counted 486,000 fishers and crew protected (every payer, government-paid included) and 33 fishing ports as partners (S0526): a wider stock, not the same count later"
    excluded("E75", "9101", "Merauke (Papua), crews at the Merauke fishing port under the port agreement 2020", "mandate",
             "licence_rule", "mandate_chain", "2020-01", "2020-12", "S0524",
             "not used: after an agreement between BPJS TK and the fishing port (end 2019) about 3,015 fishers were registered in Jan-Sep 2020; the branch's count of how many of them stayed paid under the Covid premium relief is cut off in the stored copy of the article, and from Dec 2020 a BPJS TK recommendation letter became a condition of the sailing permit (S0525), so the gate's effect comes after the count")
    E[-1]["source_ids"] += ";S0525"
    excluded("E59", "3376", "Kota Tegal (Jateng), crews registered at the Tegalsari fishing port 2020-21", "mandate",
             "registered_stock", "mandate_chain", "2020-01", "2021-12", "S0502",
             "not used: crews registered with BPJS TK through the port's agent cooperative (Perisai) under the sailing-permit gate: 30,563 crew on 1,441 vessels in 2020 and 46,170 on 1,961 vessels in 2021 (about 21 and 24 per vessel); the gate predates both counts and the port's crews are not given, so there is no compliance share or before count; kept as a worker count per gated vessel. Workers per gated firm is an input of the chain (census size classes), not an outcome the calibration predicts",
             conflict="about 21-24 crew registered per gated vessel against 19 workers per newly registering firm in Jember (E05), 22 in Makassar (E45) and about 8 per registered construction package in Kudus (E57)")
    excluded("E60", "3574", "Kota Probolinggo (Jatim), crews at the Mayangan fishing port, first weeks of the gate 2019",
             "mandate", "licence_rule", "mandate_chain", "2019-01", "2019-01", "S0503",
             "not used: from Jan 2019 the port's harbour master issues a departure letter only if the owner registers the crew sailing; about 300 fishers were registered in the first weeks, each for a 30-day cover per trip. No pool of crews is given, and a per-trip cover counts crews sailing that month, not workers kept active")
    excluded("E61", "5171", "Kota Denpasar (Bali), fishing firms at Benoa port registering crews 2025", "mandate",
             "registered_stock", "mandate_chain", "2025-01", "", "S0509",
             "not used: about 90% of 58 fishing firms at Benoa register their crews (Jan 2025), but the branch says registration is still to be made a condition of the sailing permit there, so this is compliance without a hard gate, not the chain's compliance at a gate (Jember's enforcement, E20: 60 of 135)",
             conflict="the ministry's sailing-permit condition applies in fishing ports from 2019 (E58) while the Benoa branch speaks of tying registration to the sailing permit only in future: whether Benoa's 90% is under a gate is not clear")
    excluded("E62", "3376", "Kota Tegal (Jateng), construction workers under the procurement rule 2025", "mandate",
             "registered_stock", "mandate_chain", "2025-09", "", "S0510",
             "not used: all 7,509 potential construction workers counted by the city are covered (Sep 2025), against 33,035 of 55,201 wage earners and 12,314 of 37,880 non-wage workers; the construction 'potential' appears to be the workers of registered projects, so the 100% holds by construction, and there is no before count",
             conflict="100% of construction workers covered in Kota Tegal (Sep 2025) against 16.25% in Kudus (Jul 2025, E57), a neighbouring Central Java regency under the same procurement rule: the two count different denominators")
    # (a) more funded lists without an outcome
    excluded("E63", "33", "Jawa Tengah, Bank Jateng CSR 2017", "csr", "employer_funding", "employer_funding",
             "2017-06", "2017-11", "S0504",
             "not used: the regional bank paid six months (Rp705.6 m = 7,000 x 6 x Rp16,800) for 7,000 informal workers (parking attendants, sweepers, porters, grave diggers, pedicab drivers, day labourers; Jun 2017), expecting them to pay themselves afterwards; list size only, no count after the six months. A different list from its 2016 round (E34)")
    excluded("E64", "33", "Jawa Tengah, Bank Jateng CSR 2019", "csr", "employer_funding", "employer_funding",
             "2019-04", "2019-04", "S0505",
             "not used: the bank's 2019 round covered 120,000 vulnerable workers for Rp2.016 bn, i.e. one month of JKK+JKM (Rp16,800) each (12,320 in Kudus), again as a stimulus for self-payment; list size only, no later count. With E34 and E63 the same employer funded three rounds of growing lists for shorter spells, not the same list renewed")
    excluded("E65", "1310", "Dharmasraya (Sumbar), Baznas zakat for 89 recipients 2023", "csr", "employer_funding",
             "employer_funding", "2023-10", "2023-10", "S0506",
             "not used: the district zakat agency enrolled the 89 recipients of its small-business grants and paid the first month as a 'pancingan' (bait), the recipients to pay from the second month; no later count. A future test of one funded month followed by self-payment")
    excluded("E66", "1273", "Sibolga and Tapanuli Tengah (Sumut), fishers' premiums paid by BPJS TK 2015-16", "subsidy",
             "stop", "payer_after_stop", "2015-12", "2016-05", "S0507",
             "not used: BPJS TK itself paid six months of JKK+JKM for 1,000 fishers (of about 10,000 nationally under the fishers' stimulus), after which they were to pay Rp16,800 a month themselves; no later count",
             conflict="the fishers' stimulus is printed as six months paid by BPJS TK here (Dec 2015) and as three months from Jun 2015 in Cilacap (E49): two rounds or two accounts of one programme; E49 uses its own sources")
    # (c) voluntary enrolment without a subsidy
    excluded("E67", "ID", "Indonesia, app-based motorcycle-taxi drivers 2025", "voluntary", "registered_stock",
             "voluntary", "2025-05", "", "S0508",
             "not used: 320,000 drivers registered by May 2025 (250,000 earlier) against a target of 2 million; a stock accumulated over years through self-registration, the app company's deduction from earnings and regional governments' payment together, not the take-up of a reached group in a year that the voluntary mechanism predicts (E06)")
    excluded("E68", "9412", "Mimika (Papua), firms' CSR rounds under Perda 4/2019, 2020-2025", "csr", "employer_funding",
             "employer_funding", "2020-01", "2025-12", "S0512",
             "not used: the yearly rounds behind E50: one firm funded 1,000 indigenous workers in Jan 2020; nine firms more than 1,000 (e.g. 300 and 365), each for a year, by mid-2021 (S0513); 17 firms 14,771 by early 2022 (S0514); one firm 500 in Oct 2023, 'every year' (S0515); 33 firms Rp1.1 bn under a 2025 circular of the Bupati (about 5,500 worker-years at Rp16,800 a month, S0516). How many firms fund each year is the lever's input, and no count says how many of one year's names were funded again",
             conflict="the Jan 2020 round is Rp16.8 m for 1,000 workers 'for four months' (S0512), which is one month of JKK+JKM at Rp16,800 each: the amount or the months is misprinted")
    E[-1]["source_ids"] += ";S0513;S0514;S0515;S0516"
    excluded("E69", "36", "Banten, province pays fishers' premiums on a tapering schedule 2024-25", "subsidy", "start",
             "budget_schedule", "2024-01", "", "S0517",
             "not used: the province budgets premiums for 600 fishers paying 12 months in year 1, 8 in year 2, 6 in year 3, 4 in year 4 and none after (the fishers the rest), while of 15 fishing firms asked for CSR one offered 50 premiums; 3,100 of 13,811 recorded fishers are active. A schedule with a co-paying worker and no outcome yet: a future test of budget_schedule with self-payment")
    csr_rounds_3 = (
        ("E70", "ID", "Indonesia, Pupuk Indonesia 'PI Peduli' 2023", "2023-08", "2024-01", "S0518",
         "not used: the state fertiliser holding funded six months for 1,200 vulnerable workers around its plants from its social budget (TJSL) and its employees' zakat unit; list size only, no count after the six months"),
        ("E71", "3514", "Pasuruan (Jatim), PT BMKU CSR 2022", "2022-09", "", "S0519",
         "not used: one firm funded JKK+JKM for 1,000 fishers and smoked-fish traders of one village through GN Lingkaran (Sep 2022); list size only, months and outcome not given"),
        ("E72", "7203", "Donggala (Sulteng), PT Integritas Perkasa Konstruksi CSR 2023", "2023-12", "", "S0520",
         "not used: a construction firm funded 100 farmers and fishers of one village (Dec 2023); list size only, months and outcome not given"),
    )
    excluded_csr_rounds(csr_rounds_3)
    excluded("E73", "ID", "Indonesia, commissioned outreach agents (Perisai) 2018", "voluntary", "registered_stock",
             "voluntary", "2018-02", "2018-12", "S0521",
             "not used: agents paid 7.5% of the premiums they collect (and Rp500,000 a month for 50 recruits) enrolled 200,360 non-wage workers by mid-Aug 2018 (2,360 agents, Rp13.7 bn collected) and 400,000 by Dec 2018 (about 4,000 agents, Rp32 bn; S0522); how many workers the agents reached is not given, so the take-up share of a reached group (E06) cannot be computed, and the premiums collected mix programmes and months")
    E[-1]["source_ids"] += ";S0522"
    excluded("E74", "3276", "Kota Depok (Jabar), informal workers surveyed 2025", "voluntary", "registered_stock",
             "voluntary", "2025-01", "2025-12", "S0523",
             "not used: in a convenience sample of 116 informal workers at workplace health posts 49.1% were BPJS TK members (cross-sectional, 2025); membership at one time, whoever pays, not the take-up of a reached group over a year that the voluntary mechanism predicts")
    i35 = [r["episode_id"] for r in E].index("E35")
    E[i35]["source_ids"] += ";S0511"
    E[i35]["conflict"] = "about 400 workers covered by the two firms at the launch (RMOL Sumsel, 24 Apr 2024, S0511) vs 450 (Sumatera Ekspres, S0364): kept side by side"
    return E


def main() -> None:
    _ensure_sources()
    rows = episodes()
    with open(RAW / "episodes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {RAW / 'episodes.csv'} ({len(rows)} episodes)")


if __name__ == "__main__":
    main()
