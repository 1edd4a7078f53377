"""The limits of a submission in the sandbox, and the exit statuses a worker reports them with.

The grader's side (client, remote) and the worker's side (zygote, worker, jail) both read them.

Time limits count CPU time, so that a submission slowed down by a busy neighbour (another
submission graded at the same time, or anything else on the machine) is not failed for it:
what counts is the work it does. A call, a cell or a submission that waits instead of working
(time.sleep, input(), a lock) is stopped by a wall-clock backstop, WALL_FACTOR times its limit.
"""

CALL_TIMEOUT = 5.0       # CPU seconds one call of a function may take
CELL_TIMEOUT = 20.0      # CPU seconds one cell may run as the file loads (a .py file is one cell)
TOTAL_TIMEOUT = 60.0     # CPU seconds a whole submission may take, loading and reloads included
WALL_FACTOR = 10         # wall-clock seconds allowed per CPU second of a limit: the backstop
MEMORY_MB = 2048         # memory a worker may allocate beyond what the zygote already holds
PROCESS_LIMIT = 8        # processes and threads a submission may have (a fork bomb stops there)

CONNECTION_EXIT = 96     # a worker whose connection to the grader was closed under it
MEMORY_EXIT = 97         # a worker that ran out of memory outside the submission's own code
SETUP_EXIT = 98          # a worker that could not set up its sandbox
