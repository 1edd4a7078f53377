"""Student stubs from the reference solution.

The solution marks what students write with two lines, at the indentation of the code between
them:

    # BEGIN SOLUTION
    ...
    # END SOLUTION

make_stubs keeps everything else (module docstring, imports, signatures, docstrings) and replaces
each region by a "Your code here" comment and a `raise NotImplementedError` naming the function,
so a stub fails loudly, never silently returns None.
"""

import ast

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"


class MarkerError(ValueError):
    """The solution's BEGIN/END SOLUTION markers do not pair up."""


def enclosing_function(tree, line):
    """The name of the innermost function whose body holds `line` (1-based), or None."""
    names = [(node.lineno, node.name) for node in ast.walk(tree)
             if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
             and node.lineno < line <= node.end_lineno]
    return max(names)[1] if names else None


def make_stubs(solution_source: str) -> str:
    """The stub file for `solution_source`: every solution region becomes a NotImplementedError.

    Raises MarkerError (saying which line) when a BEGIN has no END, an END has no BEGIN, regions
    nest, the two markers of a region are not equally indented, or a region is not inside a
    function.
    """
    tree = ast.parse(solution_source)
    output = []
    begin = None  # (line number, indentation) of the open region, if any
    for number, line in enumerate(solution_source.splitlines(keepends=True), start=1):
        marker = line.strip()
        indentation = line[:len(line) - len(line.lstrip())]
        if marker == BEGIN:
            if begin is not None:
                raise MarkerError(f"line {number}: '{BEGIN}' inside the region opened at line "
                                  f"{begin[0]}, which has no '{END}' before it")
            function = enclosing_function(tree, number)
            if function is None:
                raise MarkerError(f"line {number}: '{BEGIN}' outside any function")
            begin = (number, indentation)
            output.append(f"{indentation}# Your code here\n"
                          f"{indentation}raise NotImplementedError("
                          f"\"{function} is not implemented yet\")\n")
        elif marker == END:
            if begin is None:
                raise MarkerError(f"line {number}: '{END}' without a '{BEGIN}' before it")
            if indentation != begin[1]:
                raise MarkerError(f"line {number}: '{END}' is not indented like the '{BEGIN}' "
                                  f"of line {begin[0]}")
            begin = None
        elif begin is None:
            output.append(line)
    if begin is not None:
        raise MarkerError(f"line {begin[0]}: '{BEGIN}' is never closed by a '{END}'")
    return "".join(output)
