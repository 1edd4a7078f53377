"""The corpus's files (wrong/, correct/, cheats/), as package data of the installed package
(rnn_bptt.corpus_files), so that `rnn-autograder demo` finds its sample mistakes installed from a
wheel too. rnn_bptt.corpus reads them.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
