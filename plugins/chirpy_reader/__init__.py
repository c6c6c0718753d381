"""Reader for Chirpy-style posts: YAML front matter, kramdown/GFM Markdown, two-level categories."""
