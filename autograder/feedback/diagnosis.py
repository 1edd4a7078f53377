"""The diagnosis of a failing question: the mistake named once, from everything its tests saw.

A question (one function) is diagnosed from its failing tests, in this order:

1. Misconceptions: the answers of a catalogue of wrong computations on the very arguments the
   tests passed (`answers`, see below). One is named only when the function's answer equals its
   answer on every input where the function is wrong, one of them at least with every size
   different (so that a mean over time and one over the batch, equal while T = N, cannot be
   confused); several that all fit are named together.
2. Which steps or sequences a loss or a gradient leaves out or keeps alone: its answer equals
   the right one without them (or of them alone) on every wrong input, an exact equality.
3. Patterns (see patterns): what every wrong comparison of a part shows (a ratio, a permutation,
   a range...), named only when it holds on every one of them; where none holds, which inputs
   are wrong: right for short sequences only (a loop cut short), wrong only where a size is 1
   (an axis dropped).
4. What the checks saw otherwise: a wrong type or shape, a modified argument, an exception...

Every sentence is about the question's own function: with error carried forward, its tests ran
with correct stand-ins for the other functions that fail their own tests.

`answers` knows what the catalogue's wrong computations return (as answers.Computed or
answers.Digested): in the grader, the misconceptions computed on the spot (rnn_bptt.variants);
in a student's public checks, digests computed in advance for the public inputs only
(public.KnownAnswers), which give nothing away.
Its interface: misconceptions(function) -> the names that apply; explanation(name);
answer(name, function, args) -> an Answer (name None: the right answer), or None if unknown;
partial_answers(function, args) -> {"last step only": an Answer...}: the right answer with one
step or sequence left out or kept alone ({} when not known).
"""

from dataclasses import dataclass, field

import numpy as np

from .answers import SHAPES, same_value
from .imports import refusal
from .patterns import patterns
from .questions import FUNCTIONS, Evidence
from .recording import arguments_digest, parts
from .wording import and_list

# The sizes each argument's axes stand for, by the number of its axes (SPEC section 1): a call is
# "non-degenerate" when these sizes are all different and all above 1.
AXES = {"x_t": "ND", "h_prev": "NH", "U": "DH", "W": "HH", "b": "H", "X": "TND", "Hs": "TNH",
        "V": "HK", "c": "K", "Y_hat": "TNK", "P": "TNK", "Z": {3: "TNK", 2: "NK"},
        "Y": {3: "TNK", 2: "TN"}, "labels": {2: "TN", 1: "N"}}
# What answers right for short sequences only and wrong for longer ones are, where that is known.
CUT_SHORT = {"bptt": "truncated backpropagation",
             "many_to_one_loss_and_grads": "truncated backpropagation"}
SIZE_NAMES = {"T": "the number of time steps", "N": "the number of sequences",
              "K": "the number of outputs"}


def call_sizes(function, args):
    """{"T": 7, "N": 3, ...} for a call of `function` (the first layer's, for a list of layers)."""
    sizes = {}

    def read(name, value):
        if isinstance(value, dict):
            for key, item in value.items():
                read(key, item)
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], dict):
            read(name, value[0])
        elif name in AXES and value is not None:
            shape = np.shape(value)
            letters = AXES[name]
            letters = letters.get(len(shape), "") if isinstance(letters, dict) else letters
            for letter, size in zip(letters, shape if len(letters) == len(shape) else ()):
                sizes.setdefault(letter, size)
    for name, value in zip(FUNCTIONS.get(function, ()), args):
        read(name, value)
    return sizes


def distinct(sizes):
    values = list(sizes.values())
    return len(set(values)) == len(values) and min(values, default=0) > 1


# --------------------------------------------------------------------------------------------
# The diagnosis
# --------------------------------------------------------------------------------------------


@dataclass
class Diagnosis:
    """What a question's failing tests show, named once. Each finding is (name, sentence)."""
    question: str
    misconceptions: list = field(default_factory=list)   # from the catalogue
    patterns: list = field(default_factory=list)         # (parts, Pattern) from the comparisons
    facts: list = field(default_factory=list)            # the other findings, (name, sentence)

    def names(self):
        return ([name for name, _ in self.misconceptions]
                + [pattern.name for _, pattern in self.patterns]
                + [name for name, _ in self.facts])

    def lines(self):
        """The diagnosis for the student, one finding a line."""
        lines = []
        if len(self.misconceptions) == 1:
            name, text = self.misconceptions[0]
            lines.append(f"{name}: {text}")
        elif self.misconceptions:
            lines.append("one of these mistakes (each gives exactly your answers): "
                         + " Or: ".join(f"{name}: {text}" for name, text in self.misconceptions))
        for part_names, pattern in self.patterns:
            where = f"{and_list(part_names)}: " if part_names != [""] else ""
            lines.append(f"{where}{pattern.text}")
        lines += [text for _, text in self.facts]
        return lines or [NOTHING_KNOWN]

    def headline(self):
        """The findings' names, for the line that says where to start."""
        if self.misconceptions:
            return " or ".join(name for name, _ in self.misconceptions)
        if self.patterns:
            part_names, pattern = self.patterns[0]
            return pattern.name + (f" ({and_list(part_names)})" if part_names != [""] else "")
        if self.facts:
            return self.facts[0][0]
        return "wrong values, in no pattern the grader recognises"

    def leading_names(self):
        """The names the headline gives: the misconceptions, or else the first pattern, or
        else the first fact."""
        if self.misconceptions:
            return [name for name, _ in self.misconceptions]
        if self.patterns:
            return [self.patterns[0][1].name]
        return [self.facts[0][0]] if self.facts else []

    def record(self):
        """As the JSON results keep it."""
        return {"headline": self.headline(), "lines": self.lines(), "names": self.names()}


NOTHING_KNOWN = ("your answers differ from the right ones in no way the grader recognises: "
                 "compare your code with the formula step by step, starting where the first "
                 "failure below says it goes wrong.")


def diagnose(results, answers=None):
    """Diagnose every question with a failing test in `results` (TestResults of run_test, error
    carried forward already), set each failing result's `diagnosis`, and return them by question.
    `answers` (see the module's docstring) may be None: then no misconception is looked up."""
    diagnoses = {}
    failing = {result.question for result in results if not result.passed}
    for question in dict.fromkeys(result.question for result in results if not result.passed):
        own = [result for result in results if result.question == question]
        upstream = set.intersection(*(result.reached & failing - {question}
                                      for result in own if not result.passed))
        diagnosis = (upstream_diagnosis(question, upstream) if upstream
                     else diagnose_question(question, own, answers))
        for result in own:
            if not result.passed:
                result.diagnosis = diagnosis
        diagnoses[question] = diagnosis
    return diagnoses


def upstream_diagnosis(question, upstream):
    """For a question whose every failing test called other failing functions (`upstream`),
    where no stand-in took their place: no guess about its own code, a pointer to them."""
    names = and_list(sorted(upstream, key=list(FUNCTIONS).index))
    fails = "fails its" if len(upstream) == 1 else "fail their"
    return Diagnosis(question, facts=[(f"fix {names} first",
                                       f"{question} calls {names}, which {fails} own tests: fix "
                                       f"that first; these failures may all come from there.")])


def diagnose_question(question, results, answers):
    failing = [result for result in results if not result.passed]
    evidence = [item for result in failing for item in result.evidence]
    diagnosis = Diagnosis(question)
    if any(item.problem == "not implemented" for item in evidence):
        diagnosis.facts.append(("not implemented", f"{question} is not implemented yet."))
        return diagnosis
    calls = judged_calls(question, results, answers)
    if answers is not None:
        diagnosis.misconceptions = [(name, answers.explanation(name))
                                    for name in named_misconceptions(question, calls, answers)]
    if not diagnosis.misconceptions:
        # A step or sequence left out is an exact equality with part of the right answer, so it
        # goes before the patterns, some of which (a range of values) only suggest a cause.
        if answers is not None:
            diagnosis.facts += left_out(question, calls, answers)
        if not diagnosis.facts:
            diagnosis.patterns = common_patterns(evidence)
        if not diagnosis.patterns and not diagnosis.facts:
            diagnosis.facts += input_facts(question, calls, evidence)
    if not evidence:   # a failure that is no check's (a file that does not load...): its words
        first_line = failing[0].message.strip().splitlines()[0]
        diagnosis.facts.append((first_line, first_line))
    named = diagnosis.misconceptions or diagnosis.patterns or diagnosis.facts
    # A call that modified its arguments is told even where the test stopped at a wrong answer.
    evidence += [Evidence("changed", detail=", ".join(call.changed)) for call, _ in calls
                 if call.changed]
    diagnosis.facts += [fact for problem, fact in check_facts(evidence).items()
                        if not named or problem in INDEPENDENT]
    raised = [call for call, _ in calls if call.raised is not None
              and distinct(call_sizes(question, call.args))]
    if raised:   # name the sizes of the shapes an exception speaks of, on a call that shows them
        sizes = call_sizes(question, raised[0].args)
        diagnosis.facts = [(name, with_size_names(text, sizes) if name.startswith("raises ")
                            else text) for name, text in diagnosis.facts]
    return diagnosis


def judged_calls(question, results, answers):
    """The distinct calls of `question`'s function in its tests, each with whether it is right
    (True, False, or None when the right answer is not known here)."""
    seen = {}
    for result in results:
        for call in result.calls:
            if call.function != question:
                continue
            key = arguments_digest(call.args)
            if key in seen:
                continue
            right = answers.answer(None, question, call.args) if answers else None
            seen[key] = (call, None if right is None else right.matches(call))
    return list(seen.values())


def named_misconceptions(question, calls, answers):
    """The catalogue's misconceptions whose answers equal the function's on every wrong call,
    one of those calls at least non-degenerate, and one at least a value (an exception of the
    same type alone is no proof)."""
    wrong = [call for call, right in calls if right is False]
    # Non-degenerate inputs first: most misconceptions fail there at once.
    wrong.sort(key=lambda call: not distinct(call_sizes(question, call.args)))
    if (not wrong or not distinct(call_sizes(question, wrong[0].args))
            or all(call.raised is not None for call in wrong)):
        return []
    named = []
    for name in answers.misconceptions(question):
        for call in wrong:
            answer = answers.answer(name, question, call.args)
            if answer is None or not answer.matches(call):
                break
        else:
            named.append(name)
    return named


def common_patterns(evidence):
    """The patterns that hold on every wrong comparison of a part, as [(parts, Pattern)], the
    parts sharing one pattern together; a part's first such pattern only."""
    by_part = {}
    for item in evidence:
        if item.problem == "values":
            by_part.setdefault(item.part, []).append(item)
    chosen = {}
    for part, items in by_part.items():
        found = [patterns(item) for item in items]
        names = set.intersection(*({pattern.name for pattern in each} for each in found))
        first = next((pattern for pattern in found[0] if pattern.name in names), None)
        if first is not None:
            chosen.setdefault(first, []).append(part)
    return [(part_names, pattern) for pattern, part_names in chosen.items()]


LEFT_OUT = {  # what an answer equal to the right one with a step or a sequence left out means
    "first step only": "your answer is the right one for time step 0 alone: the later steps are "
                       "missing from the sum (every step suffers a loss).",
    "last step only": "your answer is the right one for the last time step alone: the earlier "
                      "steps are missing from the sum (every step suffers a loss).",
    "without the first step": "your answer is the right one for every time step but t = 0: step "
                              "0 is left out (a range that starts at 1?).",
    "without the last step": "your answer is the right one for every time step but the last: "
                             "the last step is left out (a range that stops one short?).",
    "first sequence only": "your answer is the right one for sequence 0 alone: the other "
                           "sequences of the batch are missing (an index 0 where a sum belongs?).",
    "last sequence only": "your answer is the right one for the last sequence alone: the other "
                          "sequences of the batch are missing.",
    "without the first sequence": "your answer is the right one for every sequence but sequence "
                                  "0: sequence 0 is left out.",
    "without the last sequence": "your answer is the right one for every sequence but the last: "
                                 "the last sequence is left out (a range that stops one short?).",
}


def left_out(question, calls, answers):
    """The step or sequence every wrong answer leaves out (or keeps alone), part by part: for
    each part of a loss or a gradient ("dV"...) that is wrong, the names that explain it on every
    wrong call (answers.partial_answers), as [(name, sentence)]."""
    found = {}   # part -> the names that explain it on every wrong call so far
    for call, right in calls:
        if right is not False or call.raised is not None:
            continue
        partial = answers.partial_answers(question, call.args)
        got = parts(call.value)
        for name, answer in partial.items():
            if answer.value is None:
                continue
            for part, value in parts(answer.value).items():
                if part in got and same_value(got[part], value):
                    found.setdefault(part, {}).setdefault(name, 0)
                    found[part][name] += 1
    wrong_calls = [call for call, right in calls if right is False and call.raised is None]
    wrong_parts = {part for call in wrong_calls for part, value in parts(call.value).items()
                   if not all_right_part(call, part, answers, question)}
    by_name = {}
    for part in sorted(wrong_parts):
        for name, count in found.get(part, {}).items():
            if count == len(wrong_calls):
                by_name.setdefault(name, []).append(part)
    return [(name, (f"{and_list(by_name[name])}: " if by_name[name] != [""] else "")
             + LEFT_OUT[name]) for name in LEFT_OUT if name in by_name]


def all_right_part(call, part, answers, question):
    """Whether `part` of the call's answer is right (the right answer being known)."""
    right = answers.answer(None, question, call.args)
    want = parts(right.value).get(part) if right is not None and right.value is not None else None
    return want is not None and same_value(parts(call.value).get(part), want)


def input_facts(question, calls, evidence):
    """What the inputs on which the function is right have in common, when that says where the
    mistake is: right for short sequences only, or (for a wrong shape) wrong only where a size
    is 1."""
    # A right answer of zeros (a gradient that is zero for every K = 1 classification) shows
    # no mistake either way: it says nothing about where the mistake is.
    judged = [(call_sizes(question, call.args), right) for call, right in calls
              if right is False or (right and not all_zero(call.value))]
    wrong = [sizes for sizes, right in judged if not right]
    right = [sizes for sizes, right in judged if right]
    if not wrong or not right:
        return []
    if all("T" in sizes for sizes, _ in judged):
        longest_right = max(sizes["T"] for sizes in right)
        shortest_wrong = min(sizes["T"] for sizes in wrong)
        if longest_right >= 2 and longest_right < shortest_wrong:
            return [(CUT_SHORT.get(question, "right for short sequences only"),
                     f"{question} is right for every sequence of up to {longest_right} steps and "
                     f"wrong from {shortest_wrong} steps on: does something stop after a fixed "
                     f"number of steps (backpropagation truncated, a loop bound, an index)?")]
    shapes_only = all(item.problem == "shape" for item in evidence)
    for letter, meaning in SIZE_NAMES.items():
        if (shapes_only and all(sizes.get(letter) == 1 for sizes in wrong)
                and any(sizes.get(letter, 1) > 1 for sizes in right)):
            return [("axis of size 1 dropped",
                     f"{question} is right except where {meaning} is 1 ({letter} = 1): an axis "
                     f"of size 1 dropped (np.squeeze, or an index [0] or [-1])?")]
    return []


def all_zero(value):
    try:
        return not any(np.any(np.asarray(leaf, dtype=np.float64)) for leaf in parts(value).values())
    except (TypeError, ValueError):
        return False


def with_size_names(text, sizes):
    """`text` with each shape it names followed by the sizes it is made of, where every size of
    the call differs: "(3,5)" becomes "(3,5) [N, H]"."""
    if not distinct(sizes):
        return text
    letters = {size: letter for letter, size in sizes.items()}

    def name(match):
        dims = [int(dim) for dim in match.group(1).replace(" ", "").split(",") if dim]
        if not all(dim in letters for dim in dims):
            return match.group(0)
        return f"{match.group(0)} [{', '.join(letters[dim] for dim in dims)}]"
    return SHAPES.sub(name, text)


# What the checks saw besides wrong values, each named once: problem -> (name, how it reads).
CHECK_FACTS = {
    "type": "wrong type", "shape": "wrong shape", "missing keys": "missing keys",
    "non-finite": "non-finite values", "raised": "raises an exception",
    "changed": "modifies its arguments", "not deterministic": "not deterministic"}


REFUSED = refusal("")[:len("your code uses ")]   # how the import policy's refusal begins

# Mistakes of their own, said even beside a named misconception (the others only repeat it).
INDEPENDENT = ("changed", "not deterministic")


def check_facts(evidence):
    """One finding per kind of problem the checks saw besides wrong values (its first detail),
    by problem."""
    facts = {}
    for item in evidence:
        if item.problem in CHECK_FACTS and item.problem not in facts:
            facts[item.problem] = (fact_name(item), fact_text(item))
    return facts


def fact_name(evidence):
    if evidence.problem == "type" and "float32" in evidence.detail:
        return "float32 values"
    if evidence.problem == "type" and " is None" in evidence.detail:
        return "no return"
    if evidence.problem == "raised" and evidence.detail.startswith(f"ImportError: {REFUSED}"):
        return "a module the assignment does not allow"
    if evidence.problem == "raised":
        return f"raises {evidence.detail.partition(':')[0]}"
    return CHECK_FACTS[evidence.problem]


def fact_text(evidence):
    if evidence.problem == "changed":
        return (f"it modifies its argument(s) {evidence.detail} in place: work on a copy, or "
                f"avoid in-place updates (+=, out=, x[...] = ...) of what you were given.")
    if evidence.problem == "not deterministic":
        return ("it gives a different answer when called twice with the same arguments (a "
                "global variable, a default argument that changes, randomness?).")
    if evidence.problem == "raised":
        return f"it raises {evidence.detail}"
    return evidence.detail
