"""Engines that run kg's per-document work somewhere other than this process (see kg/corpus.py)."""
