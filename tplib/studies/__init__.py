"""The chapter studies: experiments one chapter runs, built on the reusable core of tplib.

Each module is named for its study (``seed_runs``, ``optimizer_comparison``, ``denoising``,
``glyph_quality`` ...) and is imported by name, e.g. ``from tplib.studies import seed_runs``;
this package imports nothing itself, so loading one study never loads the others.
"""
