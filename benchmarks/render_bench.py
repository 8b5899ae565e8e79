"""Rerunnable benchmark of ``cjmap render``: ``python benchmarks/render_bench.py``.

Prints: the in-process time to render a 100-step map as HTML (validate once, then context + template; target
≤ 150 ms), the HTML's size, Markdown for the same map, the end-to-end time of ``cjmap render -f pdf`` for it
(when a Chromium is on PATH) with the number of pages, and the end-to-end time of
``cjmap render DIR -o SITE`` for 100 maps (target ≤ 3 s on a 2-core machine).
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).parents[1]


def big_map(steps: int = 100, stages: int = 10, index: int = 0) -> dict[str, Any]:
    """A current-state map with every customer lane filled on every step."""
    per_stage = steps // stages
    return {
        "cjmap": 1, "id": f"big-{index}", "title": f"A journey of {steps} steps ({index})", "type": "current-state",
        "owner": "bench-team", "reviewed": "2026-10-01", "scale": "-2..2",
        "persona": {"name": "Pat", "goals": ["Get it done"]},
        "scope": {"scenario": "Everything at once.", "goals": ["Measure"]},
        "channels": {"web": "Website", "app": "App"},
        "stages": [{"id": f"stage-{s}", "name": f"Stage {s}", "steps": [
            {"id": f"step-{s}-{i}", "name": f"Step {s}.{i} with a name long enough to wrap in its column",
             "touchpoint": "Page", "channel": "web" if i % 2 else "app",
             "actions": ["Clicks the button", "Reads the text"], "thoughts": ["Is this right?"],
             "emotion": {"score": (s + i) % 5 - 2, "label": "feeling"},
             "pain_points": [{"id": f"pain-{s}-{i}", "text": "It is slow", "severity": "high"}],
             "opportunities": [{"id": f"opp-{s}-{i}", "text": "Make it fast", "owner": "team", "priority": "high",
                                "addresses": [f"pain-{s}-{i}"]}],
             "kpis": [{"id": f"kpi-{s}-{i}", "name": "load time", "value": 3, "target": 1, "unit": "s",
                       "addresses": [f"pain-{s}-{i}"]}],
             "evidence": ["Analytics"], "moment_of_truth": i == 0}
            for i in range(per_stage)]} for s in range(stages)],
    }


def best_of(function: Any, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from cjmap.render.pages import load_map, render_map

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "big.yaml")
        path.write_text(json.dumps(big_map()), encoding="utf-8")
        loaded, problems = load_map(str(path))
        assert loaded is not None and not problems, problems
        render_map(loaded, "html")  # warm the template cache, as a long run would
        html_time = best_of(lambda: render_map(loaded, "html"))
        md_time = best_of(lambda: render_map(loaded, "markdown"))
        load_time = best_of(lambda: load_map(str(path)), runs=5)
        size = len(render_map(loaded, "html").encode("utf-8"))
        print(f"100-step map, html render (context + template): {html_time * 1000:.1f} ms (median of 15)")
        print(f"100-step map, markdown render:                   {md_time * 1000:.1f} ms")
        print(f"100-step map, validate + load:                   {load_time * 1000:.1f} ms")
        print(f"100-step map, html size:                          {size / 1024:.1f} KiB ({size:,} bytes)")
        if shutil.which("chromium") or shutil.which("google-chrome"):
            pdf = Path(folder, "big.pdf")
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "cjmap", "render", str(path), "-f", "pdf", "-o", str(pdf)],
                                  capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - start
            pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes())) if pdf.exists() else 0
            print(f"100-step map, pdf end to end (exit {done.returncode}):        {elapsed:.2f} s, {pages} pages")

        maps = Path(folder, "maps")
        maps.mkdir()
        examples = sorted((REPO / "examples").glob("*.yaml"))
        shutil.copytree(REPO / "examples" / "personas", maps / "personas")
        for index in range(100):  # the examples over and over, each with its own id and file
            source = examples[index % len(examples)]
            text = source.read_text(encoding="utf-8").replace("\nid: ", f"\nid: n{index}-", 1)
            text = text.replace("baseline: trial-onboarding.current.yaml",
                                f"baseline: {index - 1:03d}-trial-onboarding.current.yaml")
            Path(maps, f"{index:03d}-{source.name}").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "cjmap", "render", str(maps), "-o", str(Path(folder, "site"))],
                              capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        pages = len(list(Path(folder, "site").glob("*.html")))
        print(f"directory of 100 maps -> site ({pages} pages, exit {done.returncode}): {elapsed:.2f} s end to end")
        if done.returncode:
            print(done.stderr[:2000])


if __name__ == "__main__":
    main()
