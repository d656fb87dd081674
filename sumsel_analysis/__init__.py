"""sumsel_analysis: BPJS Ketenagakerjaan coverage of workers in Sumatera Selatan.

Data flows one way: data/raw (read-only, sourced) -> loaders (validated) -> data/processed
-> metrics / forecast / policy -> report. See README.md for the map of modules.
"""

__version__ = "0.1.0"
