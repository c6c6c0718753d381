"""Build plumbing shared by the plugins: the PostError type and the atomic build runner."""


def register():
    """Nothing to hook: sitebuild is imported by the other plugins and by tasks.py."""
