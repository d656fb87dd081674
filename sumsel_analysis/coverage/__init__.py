"""Stage 2 — coverage: where Sumsel stands, by segment, industry and kab/kota.

Owns the denominators, coverage rate, gap and required pace (``metrics``), the estimated industry
allocation (``industry``), the kab/kota tables and Paritrana-style score (``regional``) and their
charts (``charts``).

May import: ``data`` and the shared helpers.
"""
