"""Every command block of every post as a runnable, downloadable file (see docs/snippets.md).

The pure core (model, extract, render) imports no Pelican.
"""
