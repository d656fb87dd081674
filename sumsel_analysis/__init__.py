"""sumsel_analysis: BPJS Ketenagakerjaan coverage of workers in Sumatera Selatan.

Data flows one way, one subpackage per stage; a stage imports only from stages before it:

    data      raw files -> validated tables -> data/processed (quality flags, claims check)
    coverage  denominators, gap, pace, segments, industry estimate, kab/kota tables
    trends    trend model, baselines for the simulator, backtests, calibration
    policy    scenarios, lever model, simulation, sensitivity, optimisation
    report    bilingual HTML/PDF briefs and the Excel workbook
    explore   the JupyterLab scenario explorer

Shared helpers at the top may be used by every stage: ``numbers`` (number and date formats),
``i18n`` (the one translation catalogue), ``plotting`` (chart style). ``cli`` and ``runner`` (the
headless notebook runner) are entry points and may import any stage. See README.md for the map.
"""

__version__ = "0.1.0"
