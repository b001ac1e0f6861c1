"""Timing shared by the PyTorch peers: the median wall-clock time of a step after warm-up runs."""
import statistics
import time


def median_seconds(fn, rounds, warmup=3):
    """Runs `fn` `warmup` times untimed, then `rounds` times; returns the median seconds of one run."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
