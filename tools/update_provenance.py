"""Recompute the sha256 of every file in data/raw/provenance.yml after a DELIBERATE raw-data change.

A new raw file must first be given an `origin` and `description` in provenance.yml by hand; this script
refuses to invent them. Usage: python tools/update_provenance.py
"""

import hashlib
import sys
from pathlib import Path

import yaml

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
path = RAW / "provenance.yml"
prov = yaml.safe_load(path.read_text())
files = sorted(p.name for p in RAW.iterdir() if p.is_file() and p.name != "provenance.yml")
missing = [f for f in files if f not in prov["files"]]
if missing:
    sys.exit(f"add origin and description for {missing} to {path} first")
header = [line for line in path.read_text().splitlines() if line.startswith("#")]
lines = header + [f"accessed: '{prov['accessed']}'", f"made_by: {prov['made_by']}", "files:"]
for name in files:
    meta = prov["files"][name]
    lines += [f"  {name}:", f"    origin: \"{meta['origin']}\"", f"    description: \"{meta['description']}\""]
    if meta.get("append_only"):  # grows with add-figure; its rows carry chained checksums the loader checks
        lines.append("    append_only: true")
        continue
    digest = hashlib.sha256((RAW / name).read_bytes()).hexdigest()
    lines.append(f"    sha256: {digest}")
path.write_text("\n".join(lines) + "\n")
print(f"updated {path}")
