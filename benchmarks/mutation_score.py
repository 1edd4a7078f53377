"""How many small mutations of the reference solution the hidden suites catch.

    python benchmarks/mutation_score.py

Every mutant (see autograder/mutants.py) is graded in this process by the hidden suites; the
score is the share that lose points. Survivors are printed for a person to judge, marked when
they are known to compute exactly what the reference computes.
"""

from rnn_bptt import mutants


def main():
    count, survivors = mutants.survivors()
    killed = count - len(survivors)
    print(f"mutation score: {killed}/{count} mutants of solutions/rnn.py lose points "
          f"({killed / count:.1%})")
    if survivors:
        print("\nSurvivors:")
        for line, mutation, text in survivors:
            known = " (equivalent)" if (mutation, text) in mutants.EQUIVALENT else ""
            print(f"  line {line}, {mutation}{known}: {text}")


if __name__ == "__main__":
    main()
