"""The sandbox's layers: what each gives a worker, whether this machine has it, and what the
layers a zygote has add up to (the isolation report of every record).

    layer       gives each worker                                        needs
    cgroups     a fair CPU share, and a bound on the memory of all its    root, cgroup v1
                processes (its zygote's cgroups: sandbox.cgroups)
    namespaces  its own mount, IPC and network namespaces; not as root,   root, or unprivileged
                its own user and PID namespaces too (and as root without  user namespaces
                a user of its own)
    chroot      an empty root folder                                     root, or namespaces
    own_user    a user of its own, with a process limit of its own        root
    landlock    no file at all; by version, no TCP, abstract unix socket  Linux 5.13 or later
                or signal outside itself
    seccomp     no socket, shared IPC, other program, tracing or signal  libseccomp
                to another process (sandbox.syscall_filter)

The zygote probes each once (`detect`), in a child process where the probe changes the process,
so a layer is used only where it works. Any can be forced off, by name, in the environment
variable RNN_SANDBOX_OFF (say `RNN_SANDBOX_OFF=namespaces,seccomp`), so that every fallback
can be tested on one machine. sandbox.worker applies them; `report` says what they add up to.
"""

import os

from rnn_bptt.sandbox.limits import PROCESS_LIMIT

LAYERS = ("cgroups", "namespaces", "chroot", "own_user", "landlock", "seccomp")
OFF_VARIABLE = "RNN_SANDBOX_OFF"


def forced_off(environment):
    """The layers named in RNN_SANDBOX_OFF (unknown names are ignored)."""
    names = environment.get(OFF_VARIABLE, "").replace(" ", "").split(",")
    return [name for name in names if name in LAYERS]


# --------------------------------------------------------------------------------------------
# Detection (in the zygote)
# --------------------------------------------------------------------------------------------


def detect(off, folder):
    """{layer: detail} for the layers that work here and are not in `off`, and {layer: why}
    for the others. `folder`: an empty folder a probe may chroot into.

    A detail is True, or what the layer has: cgroups, its controllers; landlock, its version;
    own_user, "own" (a user per worker) or "nobody" (where a user namespace maps few users).
    """
    from rnn_bptt.sandbox import cgroups, jail, landlock, syscall_filter

    as_root = os.geteuid() == 0
    on, missing = {}, {}

    def consider(name, detail, why_not):
        if name in off:
            missing[name] = "forced off (RNN_SANDBOX_OFF)"
        elif detail:
            on[name] = detail
        else:
            missing[name] = why_not

    consider("cgroups", as_root and cgroups.usable(),
             "needs root and cgroup v1 controllers the grader may use")
    consider("namespaces", succeeds(lambda: jail.unshare_namespaces(as_root)),
             "the kernel refused new namespaces" + ("" if as_root else
                                                     " (unprivileged user namespaces)"))

    def enter_root():
        if not as_root:
            jail.unshare_namespaces(as_root)
        jail.enter_root(folder)
    consider("chroot", (as_root or "namespaces" in on) and succeeds(enter_root),
             "needs root, or user namespaces")

    def own_user(uid):
        return lambda: jail.become(uid)
    users = as_root and ("own" if succeeds(own_user(jail.OWN_USERS + os.getpid()))
                         else "nobody" if succeeds(own_user(jail.NOBODY)) else None)
    consider("own_user", users, "needs root")

    version = landlock.version()

    def restrict():
        jail.lock_flags()
        landlock.restrict_self(version)
    consider("landlock", version and succeeds(restrict) and version,
             "the kernel has no Landlock (Linux 5.13 or later), or has it disabled")

    def install():
        jail.lock_flags()
        syscall_filter.install(new_processes=False)
    consider("seccomp", syscall_filter.available() and succeeds(install),
             "libseccomp or the kernel's seccomp filters are missing")
    return on, missing


def succeeds(probe):
    """Whether `probe()` runs without raising, in a child process (it may change the process)."""
    pid = os.fork()
    if pid == 0:
        try:
            probe()
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return status == 0


# --------------------------------------------------------------------------------------------
# What the layers add up to (the grader's report)
# --------------------------------------------------------------------------------------------


def processes_bounded(on, as_root):
    """Whether something counts a worker's processes: its own user, or its own user namespace
    (otherwise the seccomp filter refuses it new processes)."""
    return on.get("own_user") == "own" or ("namespaces" in on and not as_root)


def guarantees(on, as_root):
    """[(what a submission cannot do, whether that holds here)], in the report's order."""
    cgroups = on.get("cgroups", ())
    return [
        ("read the reference, the hidden tests or any other file",
         "chroot" in on or "landlock" in on),
        ("signal the grader or another submission",
         on.get("own_user") == "own" or "namespaces" in on or "seccomp" in on
         or on.get("landlock", 0) >= 6),
        ("share memory, message queues, semaphores or keys with another submission",
         "namespaces" in on or "seccomp" in on),
        ("reach the network, loopback included", "namespaces" in on or "seccomp" in on),
        (f"run more than {PROCESS_LIMIT} processes and threads",
         processes_bounded(on, as_root) or "seccomp" in on),
        ("outlive its grading (its processes and IPC objects end with it)",
         "namespaces" in on or on.get("own_user") == "own" or "seccomp" in on),
        ("take more than its share of the CPU from a submission graded beside it",
         "cpu" in cgroups),
        ("use more memory than its limit in all its processes together", "memory" in cgroups),
    ]


WORDS = {   # in the order the sentence names them
    "chroot": "in an empty chroot", "namespaces": "in namespaces of its own",
    "cgroups": "in cgroups of its own", "landlock": "under Landlock",
    "seccomp": "under a seccomp filter",
}
# What a submission could do, in the report, counts as WEAK isolation (the CPU share and the
# total memory are limits: without cgroups they are bounded by the process limit instead).
REACH = 6


def report(on, missing, user, memory_mb):
    """The isolation report: (sentence, details) for the records."""
    as_root = user == "root"
    who = {"own": "as a user of its own", "nobody": "as user nobody"}.get(
        on.get("own_user"), f"as the grader's user ({user})")
    layers = [words for name, words in WORDS.items() if name in on]
    holds = guarantees(on, as_root)
    cannot = [what for what, held in holds if held]
    can = [what for what, held in holds if not held]
    sentence = (f"each submission runs {who} {', '.join(layers) or 'with no isolation layer'}, "
                f"with limits on memory ({memory_mb} MB per process), CPU time, file size and "
                f"processes.")
    if cannot:
        sentence += f" It cannot {join(cannot, 'or')}."
    weak = [what for what, held in holds[:REACH] if not held]
    if weak:
        off = ", ".join(f"{name} ({why})" for name, why in missing.items())
        sentence = (f"WEAK: a submission can still {join(weak, 'and')}; missing here: {off}. "
                    f"Grade as root (as on Gradescope), or where user namespaces are allowed, "
                    f"to lock submissions out. Otherwise {sentence}")
    elif can:
        sentence += f" Here, though, it could {join(can, 'and')}."
    details = {"layers": {name: on.get(name, False) for name in LAYERS},
               "missing": missing, "user": user, "cannot": cannot, "can": can}
    return sentence[0].upper() + sentence[1:], details


def join(items, word):
    """Items of a list read as a sentence (semicolons: an item may hold a comma)."""
    if len(items) < 3:
        return f" {word} ".join(items)
    return f"{'; '.join(items[:-1])}; {word} {items[-1]}"
