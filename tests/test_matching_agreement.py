"""One matcher for every command: score --compare, diff and render's baseline curve pair the same steps.

Each case is a current-state map and a future-state map written by hand in Russian, Italian or Romanian,
without a single id. Between them a step moved to another stage (the same step, moved), steps were added,
removed or renamed (not paired), and an emoji-only step stands at the same position in both (its id,
``step-N``, comes from the position: paired by nothing). Every command runs through the CLI on the same files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CliRunner


@dataclass(frozen=True)
class Case:
    current: str
    future: str
    pairs: frozenset[str]
    """The step ids both maps share (derived, transliterated)."""
    moved: frozenset[str]
    """Of those, the steps now in another stage."""
    positional: str
    """The emoji step's id, the same in both maps and paired by nothing."""


RUSSIAN = Case(
    current="""\
cjmap: 1
id: vozvrat
title: Возврат заказа
type: current-state
stages:
  - name: Оформление возврата
    steps:
      - {name: Выбирает причину и получает QR-код, emotion: 3}
      - {name: Относит посылку в пункт выдачи, emotion: 2}
  - name: Ожидание
    steps:
      - {name: Ждёт проверки товара, emotion: 2}
      - {name: 😡, emotion: 1}
      - {name: Получает деньги через неделю, emotion: 2}
""",
    future="""\
cjmap: 1
id: vozvrat-budushchee
title: Возврат заказа (целевое состояние)
type: future-state
baseline: current.yaml
stages:
  - name: Оформление возврата
    steps:
      - {name: Выбирает причину и получает QR-код, emotion: 4}
      - {name: Ждёт проверки товара, emotion: 3}
      - {name: Курьер забирает посылку из дома, emotion: 5}
  - name: Ожидание
    steps:
      - {name: 😊, emotion: 4}
      - {name: Получает деньги на карту в тот же день, emotion: 5}
""",
    pairs=frozenset({"vybiraet-prichinu-i-poluchaet-qr-kod", "zhdet-proverki-tovara"}),
    moved=frozenset({"zhdet-proverki-tovara"}),
    positional="step-4",
)

ITALIAN = Case(
    current="""\
cjmap: 1
id: visita
title: Prenotare una visita
type: current-state
stages:
  - name: Prenotazione
    steps:
      - {name: Cerca il medico sull'app, emotion: 3}
      - {name: Chiama la segreteria, emotion: 1}
      - {name: Sceglie l'orario, emotion: 3}
  - name: Visita
    steps:
      - {name: Attende in sala d'attesa, emotion: 2}
      - {name: ⏳, emotion: 1}
      - {name: Paga alla cassa, emotion: 2}
""",
    future="""\
cjmap: 1
id: visita-futura
title: Prenotare una visita (stato futuro)
type: future-state
baseline: current.yaml
stages:
  - name: Prenotazione
    steps:
      - {name: Cerca il medico sull'app, emotion: 4}
      - {name: Sceglie l'orario, emotion: 4}
      - {name: Paga alla cassa, emotion: 3}
  - name: Visita
    steps:
      - {name: Riceve un promemoria, emotion: 4}
      - {name: ✅, emotion: 5}
      - {name: Attende in sala d'attesa, emotion: 3}
""",
    pairs=frozenset({"cerca-il-medico-sull-app", "sceglie-l-orario", "paga-alla-cassa", "attende-in-sala-d-attesa"}),
    moved=frozenset({"paga-alla-cassa"}),
    positional="step-5",
)

ROMANIAN = Case(
    current="""\
cjmap: 1
id: factura
title: Plata facturii
type: current-state
stages:
  - name: Plată
    steps:
      - {name: Deschide aplicația băncii, emotion: 3}
      - {name: Caută factura, emotion: 2}
      - {name: Plătește factura la ghișeu, emotion: 1}
  - name: Confirmare
    steps:
      - {name: Așteaptă confirmarea, emotion: 2}
      - {name: 🙁, emotion: 1}
""",
    future="""\
cjmap: 1
id: factura-viitoare
title: Plata facturii (starea viitoare)
type: future-state
baseline: current.yaml
stages:
  - name: Plată
    steps:
      - {name: Deschide aplicația băncii, emotion: 4}
      - {name: Plătește factura cu un clic, emotion: 5}
  - name: Confirmare
    steps:
      - {name: Caută factura, emotion: 4}
      - {name: Așteaptă confirmarea, emotion: 4}
      - {name: 🙂, emotion: 4}
""",
    pairs=frozenset({"deschide-aplicatia-bancii", "cauta-factura", "asteapta-confirmarea"}),
    moved=frozenset({"cauta-factura"}),
    positional="step-5",
)

CASES = {"ru": RUSSIAN, "it": ITALIAN, "ro": ROMANIAN}


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Case, Path, Path]:
    chosen = CASES[request.param]
    current, future = tmp_path / "current.yaml", tmp_path / "future.yaml"
    current.write_text(chosen.current, encoding="utf-8")
    future.write_text(chosen.future, encoding="utf-8")
    return chosen, current, future


def steps_of(cli: CliRunner, path: Path) -> set[str]:
    """Every step id of a map (all steps are scored), as cjmap score reports them."""
    result = cli("score", "--format", "json", str(path))
    assert result.code == 0, result.stderr
    return {point["step"] for point in json.loads(result.stdout)["maps"][0]["curve"]}


def score_pairs(cli: CliRunner, future: Path) -> tuple[set[str], set[str]]:
    """The steps ``score --compare`` pairs, and those it says moved to another stage."""
    result = cli("score", "--compare", "--format", "json", str(future))
    assert result.code == 0, result.stderr
    steps = json.loads(result.stdout)["comparison"]["steps"]
    paired = [step for step in steps if step["before_stage"] and step["after_stage"]]
    return ({step["step"] for step in paired},
            {step["step"] for step in paired if step["before_stage"] != step["after_stage"]})


def diff_pairs(cli: CliRunner, current: Path, future: Path, *, old: set[str],
               new: set[str]) -> tuple[set[str], set[str]]:
    """The steps ``diff`` pairs (neither added nor removed, on both sides alike), and those it reports moved."""
    result = cli("diff", "--format", "json", str(current), str(future))
    assert result.code == 0, result.stderr
    changes = json.loads(result.stdout)["maps"][0]["changes"]

    def steps(kind: str) -> set[str]:
        found = {change["path"].rsplit("id=", 1)[1] for change in changes
                 if change["kind"] == kind and change["entity"] == "step"}
        for change in changes:
            if change["kind"] == kind and change["entity"] == "stage":
                found |= set((change["before"] or change["after"])["steps"])
        return found

    kept_old, kept_new = old - steps("removed"), new - steps("added")
    assert kept_old == kept_new
    moved = {change["path"].rsplit("id=", 1)[1] for change in changes
             if change["kind"] == "moved" and change["entity"] == "step" and change["before"].startswith("/stages")}
    return kept_new, moved


def render_pairs(cli: CliRunner, future: Path, tmp_path: Path) -> set[str]:
    """The steps of the baseline curve on the rendered page: the baseline's steps paired with the map's."""
    page = tmp_path / "future.html"
    result = cli("render", str(future), "-o", str(page))
    assert result.code == 0, result.stderr
    curve = re.search(r'<g class="curve baseline"[^>]*>(.*?)</g>', page.read_text(encoding="utf-8"), re.S)
    assert curve is not None
    return set(re.findall(r'data-step="([^"]+)"', curve.group(1)))


def test_score_diff_and_render_pair_the_same_steps(cli: CliRunner, case: tuple[Case, Path, Path],
                                                    tmp_path: Path) -> None:
    expected, current, future = case
    old, new = steps_of(cli, current), steps_of(cli, future)
    assert expected.pairs <= old & new and expected.positional in old & new
    scored, score_moved = score_pairs(cli, future)
    diffed, diff_moved = diff_pairs(cli, current, future, old=old, new=new)
    drawn = render_pairs(cli, future, tmp_path)
    assert scored == diffed == drawn == expected.pairs
    assert score_moved == diff_moved == expected.moved


def test_the_positional_steps_are_reported_by_lint(cli: CliRunner, case: tuple[Case, Path, Path]) -> None:
    expected, current, future = case
    result = cli("lint", "--no-config", "--select", "R008", "--format", "json", str(current), str(future))
    assert result.code == 0  # a warning
    found = json.loads(result.stdout)["problems"]
    assert [(problem["code"], problem["path"].rsplit("id=", 1)[1]) for problem in found] == [
        ("R008", expected.positional), ("R008", expected.positional)]
