"""Proof on the page: each command block says when and on which Docker its tier last ran it (docs/testing.md).

The pure core (model, block_hash, results_file, page_line, proof_page) imports no Pelican; the test
tiers write the results file, the build only reads it.
"""


def register():
    from proof.plugin import register as register_plugin

    register_plugin()
