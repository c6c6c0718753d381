"""The project's own hermetic Docker engine for the live snippet tier: dockerd + a registry mirror."""
