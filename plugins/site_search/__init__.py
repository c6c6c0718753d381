"""Korean full-text search: Pagefind (PyPI, extended build) indexes the built site; the UI is served from it."""
