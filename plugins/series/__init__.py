"""Posts titled "[도커-N] ..." form the series "도커" (front matter `series`/`series_index` override).

The pure core (titles, collect) imports no Pelican.
"""
