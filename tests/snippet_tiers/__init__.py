"""The snippet test tiers (static, sandbox, live) and the pytest plugin that collects one item per snippet."""
