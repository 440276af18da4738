"""The advisor persona studio: write, test and publish personas, and see what students miss.

Pure pieces with one job each (auth, drafts, probe, publish, cards, notes, dashboard);
the routes that serve them live in practice/web/studio.py.
"""
