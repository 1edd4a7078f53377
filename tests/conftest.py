"""Shared by the project's tests.

rnn_feedback, the students' library, lives in assignment/ beside their rnn.py; importing the
autograder package registers it by path, so any test module can `import rnn_feedback` whatever
order pytest collects the modules in.
"""

import autograder  # noqa: F401  (imported for its registration of rnn_feedback)
