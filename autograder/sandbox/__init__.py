"""The sandbox: student code runs in worker processes that cannot see the tests or the answers.

    grading engine ── client.Zygote ─ starts ─▶ zygote.py (process) ─ forks ─▶ worker (process)
                      client.Zygote.load() ──▶ remote.SandboxedStudent ◀─ codec frames ─▶ worker

    client     the grader's handle on the zygote process; the only module the engine imports
    remote     SandboxedStudent: one submission in its worker, called like any `student`
    codec      the wire format both sides speak: plain data, never pickle
    limits     time, memory and process limits, and the exit statuses that report them
    modules    what a submission can import in the empty root, and which modules it names
    zygote     the zygote process: imports once, forks a worker per submission, stops them
    worker     one worker: closes what it inherited, locks itself in, runs the submission
    layers     the isolation layers: probed once per zygote, what they add up to
    jail       namespaces, chroot, a user of its own, capabilities, resource limits
    landlock   a process taking away its own access to files, TCP and signals
    syscall_filter  the seccomp filter: the system calls a submission is refused
    cgroups    cgroups of its own per zygote (CPU share, memory), as root
"""
