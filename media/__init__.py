"""The first post's media, rendered from the sources in this folder (`python -m media.render`)."""
