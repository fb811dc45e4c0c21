"""Describe the machine a benchmark ran on (CPU model, cores, memory, Python), for results files."""
import os
import platform
from pathlib import Path


def describe_machine() -> str:
    """Return e.g. "Intel Xeon … (2 cores), 24 GB RAM, Linux x86_64, Python 3.10.13"."""
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                             if line.startswith("MemTotal")))
        memory = f", {round(memory_kb / 1024 / 1024)} GB RAM"
    except (OSError, StopIteration):
        memory = ""
    return (f"{cpu} ({os.cpu_count()} cores){memory}, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}")
