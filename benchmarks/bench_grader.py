"""How fast the grader is, and how much memory its workers take, measured in one run.

    python benchmarks/bench_grader.py [--runs 5] [--batch 100] [--otter 3]

Prints one table:
- the start-up of `python -c "import numpy"`, the floor any grader process pays;
- one submission graded as a whole process (`rnn-autograder grade solutions/rnn.py`), median;
- a batch of `--batch` submissions (the corpus composed and repeated) with `--jobs 2` (two
  grader processes), and with `--jobs 1` for comparison;
- the peak memory (VmHWM) of the main grader process and of its largest descendant (a grader
  process, a zygote or a worker) during the batch;
- the same submissions through `otter run -a <autograder zip>` (the first `--otter` of them,
  extrapolated to the batch), when the Otter build is available.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rnn_bptt import corpus
from rnn_bptt.solutions import REFERENCE


def grader_command():
    """The installed console script, or the module when the script is not next to Python."""
    script = Path(sys.executable).with_name("rnn-autograder")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rnn_bptt.cli"]


def wall_time(command, **kwargs):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


def median_wall_time(command, runs):
    wall_time(command)  # warm the disk cache once, as on a machine that grades often
    return statistics.median(wall_time(command) for _ in range(runs))


def compose_batch(folder, size):
    """`size` submissions: every corpus entry composed, repeated in turn to reach `size`."""
    entries = [path for kind in corpus.KINDS for path in corpus.entries(kind)]
    sources = [corpus.compose(path) for path in entries]
    sources.append(REFERENCE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(size):
        (folder / f"submission_{index:03d}.py").write_text(sources[index % len(sources)])
    return sorted(folder.glob("*.py"))


class PeakMemory:
    """Polls /proc for the peak resident memory (VmHWM) of a grader and of its descendants:
    grader processes, zygotes (autograder/sandbox/zygote.py run as a script) and the workers
    they fork.
    """

    def __init__(self, process):
        self.root = process.pid
        self.peaks = {}  # pid -> peak kB
        self.kinds = {}  # pid -> "grader", "zygote" or "worker"
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.poll, daemon=True)
        self.thread.start()

    def poll(self):
        while not self.stopped.wait(0.02):
            parents = self.parents()
            for pid in self.family(parents):
                peak = self.vm_hwm(pid)
                if peak:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
                    self.kinds.setdefault(pid, self.kind(pid, parents))

    @staticmethod
    def parents():
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        return parents

    def family(self, parents):
        family, frontier = {self.root}, [self.root]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent]
            family.update(children)
            frontier.extend(children)
        return family

    @staticmethod
    def runs_zygote_code(pid):
        try:
            return b"zygote.py" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False

    def kind(self, pid, parents):
        if not self.runs_zygote_code(pid):
            return "grader"
        return "worker" if self.runs_zygote_code(parents.get(pid, 0)) else "zygote"

    @staticmethod
    def vm_hwm(pid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def stop(self):
        """The largest peak of each kind of process, in MB (None for a kind never seen)."""
        self.stopped.set()
        self.thread.join()
        return {kind: max((peak / 1024 for pid, peak in self.peaks.items()
                           if self.kinds.get(pid) == kind), default=None)
                for kind in ("grader", "zygote", "worker")}


def batch_run(folder, jobs, json_path):
    command = grader_command() + ["grade", str(folder), "--jobs", str(jobs), "--json",
                                  str(json_path)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    memory = PeakMemory(process)
    process.wait()
    elapsed = time.perf_counter() - started
    peaks = memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"the batch failed with exit status {process.returncode}")
    return elapsed, peaks


def otter_time(paths, scratch):
    """Seconds per submission through `otter run`, or the reason it could not be measured."""
    if not paths:
        return None, "not measured (--otter 0)"
    from rnn_bptt.build.bundle import build

    try:
        build(scratch / "otter")
    except Exception as error:  # the Otter build is another part of the project; report, go on
        return None, f"the Otter build failed: {type(error).__name__}: {error}"
    zips = sorted((scratch / "otter").rglob("autograder.zip"))
    if not zips:
        return None, f"the Otter build wrote no autograder.zip into {scratch / 'otter'}"
    otter = Path(sys.executable).with_name("otter")
    times = []
    for index, path in enumerate(paths):
        output = scratch / f"otter_run_{index}"
        output.mkdir()
        times.append(wall_time([str(otter), "run", "-a", str(zips[0]), "-o", str(output),
                                str(path)], stderr=subprocess.DEVNULL))
    return statistics.mean(times), f"mean of {len(paths)} submissions, extrapolated"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs for each median")
    parser.add_argument("--batch", type=int, default=100, help="submissions in the batch")
    parser.add_argument("--otter", type=int, default=3, help="submissions run through otter")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    rows = []  # (what, figure, note)
    with tempfile.TemporaryDirectory(prefix="bench-grader-") as scratch:
        scratch = Path(scratch)
        numpy = median_wall_time([sys.executable, "-c", "import numpy"], args.runs)
        rows.append(("python -c 'import numpy' (baseline)", f"{numpy:.3f} s",
                     f"median of {args.runs}"))
        one = median_wall_time(grader_command() + ["grade", str(REFERENCE)],
                               args.runs)
        rows.append(("grade 1 submission, whole process", f"{one:.3f} s",
                     f"median of {args.runs}; {one / numpy:.1f}x the baseline; target <= 0.6 s"))

        folder = scratch / "batch"
        paths = compose_batch(folder, args.batch)
        elapsed, peaks = batch_run(folder, 2, scratch / "batch.json")
        records = json.loads((scratch / "batch.json").read_text())["submissions"]
        rate = len(records) / elapsed
        rows.append((f"batch of {len(records)}, --jobs 2", f"{rate:.1f} subs/s",
                     f"{elapsed:.2f} s wall; target >= 10 subs/s"))
        alone, _ = batch_run(folder, 1, scratch / "batch_1.json")
        rows.append(("same batch, --jobs 1", f"{len(paths) / alone:.1f} subs/s",
                     f"{alone:.2f} s wall; --jobs 2 is {alone / elapsed:.2f}x as fast"))
        notes = {"grader": "largest grader process (the command and its 2 graders)",
                 "zygote": "the warm process that forks the workers",
                 "worker": "largest worker running a submission (a fork: shares the "
                           "zygote's pages)"}
        for kind, note in notes.items():
            figure = f"{peaks[kind]:.0f} MB" if peaks[kind] else "not seen"
            rows.append((f"peak memory (VmHWM), {kind}", figure, note))
        per_submission, note = otter_time(paths[:args.otter], scratch)
        if per_submission is None:
            rows.append(("otter run -a <zip>", "n/a", note))
        else:
            rows.append(("otter run -a <zip>, per submission", f"{per_submission:.2f} s",
                         f"{note}; {1 / per_submission:.2f} subs/s"))
            rows.append(("grader throughput / otter run", f"{rate * per_submission:.0f}x",
                         "target >= 20x"))

    width = max(len(row[0]) for row in rows)
    print(f"{'measure'.ljust(width)}  {'figure':>14}  note")
    for what, figure, note in rows:
        print(f"{what.ljust(width)}  {figure:>14}  {note}")
    print(f"\nMachine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
          f"{load_before:.1f} before the run and {os.getloadavg()[0]:.1f} after it (other "
          f"processes slow every figure down).")


if __name__ == "__main__":
    main()
