"""`invoke drift`: the live tier on the newest engine the suite offers, and what changed in each post."""
