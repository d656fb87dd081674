"""data/raw/ is read-only: every file is listed in provenance.yml with a checksum that still matches."""

import hashlib

import yaml


def test_raw_files_match_their_recorded_checksums(raw_dir):
    prov = yaml.safe_load((raw_dir / "provenance.yml").read_text())["files"]
    files = {p.name for p in raw_dir.iterdir() if p.is_file() and p.name != "provenance.yml"}
    assert files == set(prov), f"unlisted: {files - set(prov)}; listed but missing: {set(prov) - files}"
    for name, meta in prov.items():
        assert meta["origin"] and meta["description"]
        if meta.get("append_only"):  # coverage_additions.csv: add-figure appends; rows carry chained checksums
            from sumsel_analysis.data import loaders

            loaders.load_additions(raw_dir)  # raises on a row whose checksum does not match
            continue
        digest = hashlib.sha256((raw_dir / name).read_bytes()).hexdigest()
        assert digest == meta["sha256"], f"{name} changed; update provenance.yml deliberately if intended"
