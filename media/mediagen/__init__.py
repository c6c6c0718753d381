"""Render the first post's media (icon, diagram, terminal screenshot, install screencast) from media/."""
