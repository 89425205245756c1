"""Run a command and write its wall time, peak memory and CPU time to a JSON file.

    python -m bench.peak RESULT.json COMMAND [ARGS...]

Linux counts the memory a process had before ``exec`` into its peak (``ru_maxrss``), and a
child of the benchmark starts as a copy of it: a child started from this small process is
measured on its own. The command inherits the standard streams; the exit code is its own.
"""

import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    result, command = argv[0], argv[1:]
    started = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    measured = {
        "seconds": seconds,
        "peak_mib": usage.ru_maxrss / scale,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }
    Path(result).write_text(json.dumps(measured), encoding="utf-8")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
