"""The series' commands as a cheat sheet: a page with a filter box, one per post, a printable PDF,
Markdown, navi, tldr pages and JSON, all made from the snippets plugin's model (docs/cheatsheet.md).

The pure core (model, collect, render_*, page_data, print_typst) imports no Pelican.
"""
