"""The modules a submission can import inside the sandbox's empty root.

A worker runs in an empty folder as its root, where no module can be found on disk: it has only
what the zygote imported before forking it. PRELOADED are imported by every zygote; ON_DEMAND
only once a submission names them (`modules_named` reads its imports without running it).
"""

import ast

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
# Imported on demand, once per zygote, before it forks the worker of a submission that imports
# them (the grader reads the submission's import statements): libraries a student may well
# import, say to plot, which the empty root would otherwise lack, and which take too long to
# import for every batch. Those not installed are skipped: the submission's import then fails.
# Each comes with the modules it imports only later, when used (pyplot's drawing backend).
ON_DEMAND = {
    "numpy.testing": (), "numpy.matlib": (),
    "matplotlib": (), "matplotlib.pyplot": ("matplotlib.backends.backend_agg",), "pandas": (),
    "scipy": (), "scipy.linalg": (), "scipy.special": (), "tqdm": (), "tqdm.auto": (),
    "IPython": (), "IPython.display": (),
}


def modules_named(source):
    """The modules a submission names, read without running it (`source` as for
    feedback.loading.load_student): those its import statements name, with their parent packages,
    and the submodules it reaches as attributes of a module it imported (`np.testing` after
    `import numpy as np`)."""
    names, aliases = set(), {}   # aliases: a name bound by an import -> its module
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
                names.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    for tree in trees:
        names.update(f"{aliases[node.value.id]}.{node.attr}" for node in ast.walk(tree)
                     if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                     and node.value.id in aliases)
    return names
