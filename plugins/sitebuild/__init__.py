"""Build plumbing shared by the plugins: the PostError type, the atomic build runner, the preview's fast path."""
