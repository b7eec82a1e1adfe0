// Bench: simulator, suites, experts, evaluator, reports.
