"""Scripts that measure the app and print their figures (they never assert timings)."""
