"""The action's checks: validate or lint with annotations and SARIF, the score gates, the rendered site.

Every check runs even when one fails, so the SARIF upload, the site and the pull-request comment still
happen; the outcome is the step output ``status`` (0 clean, 1 findings or a failed gate, 2 a usage or
environment error), which the action's last step turns into the job's result. Outputs ``sarif`` and ``site``
name the files written (empty when none), for the upload steps.
"""

from __future__ import annotations

import os
import sys

from inputs import InputError, annotate, cjmap, flag, set_output, text, words


def main() -> int:
    try:
        paths = words("paths") or ["."]
        lint = flag("lint")
        sarif = text("sarif-file")
        site = text("site")
        known = text("findings-baseline")
        under, over = words("fail-under"), words("fail-over")
    except InputError as exc:
        annotate("error", f"cjmap action: {exc}")
        set_output("status", "2")
        return 0
    # lint validates every map first and reports validation problems itself: one command, one set of
    # annotations and one SARIF run with both kinds of finding.
    args = ["lint" if lint else "validate", *paths, "--format", "github"]
    if sarif:
        args += ["--output-file", f"sarif:{sarif}"]
    if known:
        args += ["--findings-baseline", known]
    codes = [cjmap(args).returncode]
    set_output("sarif", sarif if sarif and os.path.isfile(sarif) else "")
    if under or over:
        gates = [option for metric in under for option in ("--fail-under", metric)]
        gates += [option for metric in over for option in ("--fail-over", metric)]
        codes.append(cjmap(["score", *paths, *gates]).returncode)
    if site:
        # A map that does not validate is listed on the site's index; the check above already reported it.
        rendered = cjmap(["render", *paths, "--output", site]).returncode
        codes.append(rendered if rendered != 1 else 0)
        set_output("site", site if os.path.exists(site) else "")
    else:
        set_output("site", "")
    status = 2 if any(code >= 2 for code in codes) else max(codes)  # 3: a cjmap bug, 130: interrupted
    set_output("status", str(status))
    return 0


if __name__ == "__main__":
    sys.exit(main())
