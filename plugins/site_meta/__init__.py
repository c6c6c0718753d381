"""Page-level extras for the theme: reading time, neighbours, outline, link rel, CSS bundle, sitemap, robots.txt, OG image.

Each job is its own pure module; plugin.py adapts Pelican's objects to them (connected in plugins/glue.py).
"""
