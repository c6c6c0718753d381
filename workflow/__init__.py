"""The author's workflow behind tasks.py: preview server, link check, new posts, import, publish."""
