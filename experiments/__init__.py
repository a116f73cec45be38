"""Running the model: single runs, benchmarks, comparisons and sweeps."""
