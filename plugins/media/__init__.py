"""Media embedding for Chirpy posts: figures, videos with posters and captions, click-to-load YouTube."""
