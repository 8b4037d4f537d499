"""teamcoach's lineup package: formations, the best-lineup solver, the rotation planner.

Pure Python (plus SciPy). It must never import Django — a test enforces it.
"""
