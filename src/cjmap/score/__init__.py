"""Score: emotion-curve metrics, comparisons and CI gates."""
