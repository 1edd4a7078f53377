"""Shared by the project's tests.

rnn_feedback, the students' library, lives in assignment/ beside their rnn.py; importing
autograder.hidden puts that folder on sys.path, so any test module can `import rnn_feedback`
whatever order pytest collects the modules in.
"""

import autograder.hidden  # noqa: F401  (imported for the sys.path entry above)
