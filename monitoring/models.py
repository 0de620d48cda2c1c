"""Monitoring of progress: reports, national meetings and the evaluation (built in a later issue)."""
