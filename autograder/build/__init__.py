"""Generators of the files students and Otter receive, each from one source of truth.

- stubs: assignment/rnn.py from solutions/rnn.py (solution regions replaced by stubs);
- notebook: assignment/rnn_assignment.ipynb from notebook_source.py (a py:percent file);
- generate: regenerates both (`python -m rnn_bptt.build.generate [--check]`).
"""
