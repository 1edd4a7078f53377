"""The grading engine: hidden suites, the sandboxed grader, and the Otter build."""
