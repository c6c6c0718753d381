"""Korean full-text search: Pagefind (PyPI, extended build) indexes the built site; the UI is served from it."""


def register():
    from site_search.plugin import register as register_plugin

    register_plugin()
