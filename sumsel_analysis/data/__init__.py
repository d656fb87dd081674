"""Stage 1 — data: raw files in, validated tables and the processed layer out.

Owns the paths, the raw-table schemas and strict loaders (``loaders``), the user-file reader
(``user_files``), the quality flags (``quality``), the claims check (``claims``), the data-availability
overview (``overview``) and the deterministic processed build (``build``).

May import: the shared helpers at the package top (``numbers``, ``i18n``, ``plotting``) only.
"""
