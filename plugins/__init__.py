"""The site's Pelican plugins; plugins/glue.py is the one Pelican loads (pelicanconf.py PLUGINS)."""
