"""The README's commands on a pristine Debian 12 root: debootstrap minbase, cached, run in its own namespaces."""
