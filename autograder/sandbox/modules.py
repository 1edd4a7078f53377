"""The modules a submission can import inside the sandbox's empty root.

A worker runs in an empty folder as its root, where no module can be found on disk: it has only
what the zygote imported before forking it. PRELOADED are imported by every zygote; the other
modules the import policy allows (feedback.imports: numpy, the standard library, matplotlib)
only once a submission imports them (`on_demand` reads its imports without running it). A module
outside the policy is never imported: the submission gets a stand-in that says so when used.
"""

import ast

from rnn_bptt.feedback.imports import allowed, top_level
from rnn_bptt.feedback.loading import parsed_cells

# Imported before any worker is forked: in the empty root a worker cannot import anything else.
PRELOADED = [
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial", "numpy.ma",
    "numpy.char", "numpy.strings", "numpy.rec", "numpy.ctypeslib", "numpy.exceptions",
    "numpy.dtypes", "numpy.typing", "numpy.lib.stride_tricks",
    "__future__", "abc", "array", "bisect", "cmath", "collections", "collections.abc",
    "contextlib", "copy", "dataclasses", "datetime", "decimal", "enum", "fractions",
    "functools", "gc", "heapq", "inspect", "io", "itertools", "json", "logging", "math",
    "numbers", "operator", "os", "pathlib", "pprint", "random", "re", "statistics", "string",
    "struct", "textwrap", "time", "traceback", "types", "typing", "warnings", "weakref",
    "encodings.ascii", "encodings.latin_1", "encodings.utf_16", "encodings.utf_32",
    "glob", "fnmatch", "ctypes", "linecache", "resource", "signal", "shutil", "tempfile", "pwd",
]
# The numpy submodules that numpy imports only when first used as attributes (`np.testing`), so
# that a submission reaches them without an import statement.
LAZY_NUMPY = ("numpy.testing", "numpy.matlib")
# What a module imports later, once used, which the empty root would then lack: pyplot's drawing
# backend; locale, for the messages of argparse's first parser.
IMPORTED_LATER = {"matplotlib.pyplot": ("matplotlib.backends.backend_agg",),
                  "argparse": ("locale",)}
# Standard modules the zygote never imports for a submission, though the policy allows them,
# because importing them does something: antigravity opens a web browser, idlelib starts IDLE,
# test is CPython's own test suite; a __main__ module runs its program.
NEVER_IMPORTED = ("antigravity", "idlelib", "test")
# More modules than any honest submission imports: whatever a submission names, the zygote's
# fork request stays far below the size of a packet.
ON_DEMAND_LIMIT = 64


def on_demand(source):
    """The modules the zygote imports before forking the worker of `source` (as for
    feedback.loading.load_student), in order: those it imports, then the lazy numpy submodules
    it reaches, as `importable` keeps them. Importing one that does not exist fails harmlessly
    in the zygote. Run in the worker, under its limits: the grader never parses student code."""
    imported, reached = modules_named(source)
    return importable(sorted(imported) + [name for name in sorted(reached) if name in LAZY_NUMPY])


def importable(names):
    """Of `names` (from on_demand, or from a worker, which may send anything), those the zygote
    may import for a submission, each followed by what it imports later: module names the policy
    allows, not PRELOADED, not NEVER_IMPORTED, no __main__, at most ON_DEMAND_LIMIT."""
    if not isinstance(names, list):
        return []
    wanted = [name for name in names if isinstance(name, str) and len(name) < 200
              and all(part.isidentifier() for part in name.split(".")) and allowed(name)
              and top_level(name) not in NEVER_IMPORTED and "__main__" not in name.split(".")]
    wanted = [module for name in wanted for module in (name, *IMPORTED_LATER.get(name, ()))]
    return [name for name in dict.fromkeys(wanted) if name not in PRELOADED][:ON_DEMAND_LIMIT]


def modules_named(source):
    """The modules a submission names, read without running it (`source` as for
    feedback.loading.load_student): (imported, reached). `imported`: those its import statements
    name, with their parent packages (and, for `from m import x`, m.x, which may be a module).
    `reached`: what it reaches as an attribute of a module it imported (`numpy.testing` for
    `np.testing` after `import numpy as np`), modules or not."""
    imported, reached, aliases = set(), set(), {}   # aliases: a name an import binds -> module
    trees = list(parsed_cells(source))
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
                aliases.update((alias.asname or alias.name.split(".")[0],
                                alias.name if alias.asname else alias.name.split(".")[0])
                               for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            for name in found:
                parts = name.split(".")
                imported.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    for tree in trees:
        reached.update(f"{aliases[node.value.id]}.{node.attr}" for node in ast.walk(tree)
                       if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                       and node.value.id in aliases)
    return imported, reached
