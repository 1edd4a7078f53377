"""The limits of a submission in the sandbox, and the exit statuses a worker reports them with.

The grader's side (client, remote) and the worker's side (zygote, worker, jail) both read them.
"""

CALL_TIMEOUT = 5.0       # seconds one call of a function may take
CELL_TIMEOUT = 20.0      # seconds one cell may run as the file loads (a .py file is one cell)
TOTAL_TIMEOUT = 60.0     # seconds a whole submission may take, loading and reloads included
MEMORY_MB = 2048         # memory a worker may allocate beyond what the zygote already holds
PROCESS_LIMIT = 64       # processes a worker's user may have (a fork bomb stops there)

CONNECTION_EXIT = 96     # a worker whose connection to the grader was closed under it
MEMORY_EXIT = 97         # a worker that ran out of memory outside the submission's own code
SETUP_EXIT = 98          # a worker that could not set up its sandbox
