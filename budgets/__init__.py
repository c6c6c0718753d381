"""The theme's budgets (issue 6), measured on a real build: page weight, Lighthouse, HTML validity."""
