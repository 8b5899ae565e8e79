"""Score: emotion-curve metrics, moments of truth, time per stage, KPI verdicts, comparisons and CI gates."""
