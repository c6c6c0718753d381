"""Page-level extras for the theme: reading time, neighbours, outline, link rel, CSS bundle, sitemap, robots.txt, OG image.

Each job is its own pure module; plugin.py is the Pelican glue.
"""


def register():
    from site_meta.plugin import register as register_plugin

    register_plugin()
