"""The catalogue of misconceptions: the mistakes students make in this assignment, as data.

Each entry names a mistake, lists the functions it applies to, explains it in a sentence that
says what is wrong without writing the fix, and gives the wrong computation as changes to the
reference (rnn_bptt.variants applies them: every `old` snippet of the function becomes `new`).
The diagnosis names an entry when a function's answers equal the entry's on every input where
the function is wrong (feedback.diagnosis). Adding a misconception is adding one entry here;
tests/test_misconceptions.py checks that each applies and changes the answer.

The entries come from the lecture (W at t = 0, the tanh derivative, a mean for a sum), from
tests/corpus/wrong, from the mechanical mutants (autograder/mutants.py) and from what students
write: numpy habits (axis, keepdims, =, +=, fancy indexing), the column-vector convention of
other courses, and the many-to-one, truncated and clipped variants of tutorials.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Misconception:
    name: str
    functions: tuple      # the questions it applies to
    explanation: str      # for the student: what is wrong, not the line that fixes it
    changes: tuple        # (old, new) snippets of the reference's code, applied in each function


def entry(name, functions, explanation, *changes):
    return Misconception(name, tuple(functions.split()), explanation, changes)


LOSSES = "squared_error_loss cross_entropy_loss"
BACKWARD = "bptt many_to_one_loss_and_grads"

CATALOGUE = [
    # ---- rnn_step: h_t = tanh(h_{t-1} W + x_t U + b) ----------------------------------------
    entry("ReLU instead of tanh", "rnn_step",
          "the new state must go through tanh; a ReLU keeps large values and turns every "
          "negative one into 0.",
          ("np.tanh(pre_activation)", "np.maximum(pre_activation, 0)")),
    entry("sigmoid instead of tanh", "rnn_step",
          "the new state must go through tanh, which is in (-1, 1); the logistic sigmoid is in "
          "(0, 1) and is a different function.",
          ("np.tanh(pre_activation)", "1 / (1 + np.exp(-pre_activation))")),
    entry("no nonlinearity", "rnn_step",
          "the new state is the tanh of the pre-activation; without it the state is linear in "
          "its inputs.",
          ("np.tanh(pre_activation)", "pre_activation")),
    entry("W h instead of h W", "rnn_step",
          "the lecture's row form multiplies the state on the left of W (h_{t-1} W); the "
          "column-vector habit W h_{t-1} is h_{t-1} W^T here, a different number when W is "
          "not symmetric.",
          ("h_prev @ W", "h_prev @ W.T")),
    entry("U x instead of x U", "rnn_step",
          "the input multiplies U from the left (x_t U, row form); U^T on the other side is the "
          "column-vector habit and only runs when U is square.",
          ("x_t @ U", "x_t @ U.T")),
    entry("no hidden bias", "rnn_step",
          "the pre-activation adds the bias b to both products.",
          ("x_t @ U + b", "x_t @ U")),
    entry("bias added twice", "rnn_step",
          "b is added once to the pre-activation, not once with each product.",
          ("h_prev @ W", "h_prev @ W + b")),
    entry("recurrent term subtracted", "rnn_step",
          "the recurrent term h_{t-1} W is added to x_t U + b, not subtracted.",
          ("pre_activation + h_prev @ W", "pre_activation - h_prev @ W")),
    entry("bias subtracted", "rnn_step",
          "the bias is added to the pre-activation, not subtracted.",
          ("x_t @ U + b", "x_t @ U - b")),
    entry("no W in the recurrence", "rnn_step",
          "the previous state enters through W (h_{t-1} W), not added as it is.",
          ("h_prev @ W", "h_prev")),
    entry("a recurrent term at t = 0", "rnn_step",
          "at t = 0 (h_prev is None) there is no previous state and no recurrent term: "
          "h_0 = tanh(x_0 U + b); a missing state is not a state of ones.",
          ("h_prev is not None", "True"),
          ("h_prev @ W", "(np.ones((len(x_t), len(b))) if h_prev is None else h_prev) @ W")),

    # ---- rnn_forward: h_t = rnn_step(x_t, h_{t-1}) for t = 0 .. T-1 --------------------------
    entry("bias added after the tanh", "rnn_step",
          "b belongs inside the tanh, with the two products: h_t = tanh(pre-activation), "
          "nothing added afterwards.",
          ("x_t @ U + b", "x_t @ U"), ("np.tanh(pre_activation)", "np.tanh(pre_activation) + b")),
    entry("recurrent term outside the tanh", "rnn_step",
          "h_{t-1} W is part of the pre-activation and goes through the tanh with x_t U + b; "
          "added after the tanh, the state can leave (-1, 1).",
          ("np.tanh(pre_activation)",
           "np.tanh(x_t @ U + b) + (0 if h_prev is None else h_prev @ W)")),
    entry("no recurrence", "rnn_forward",
          "each step must receive the state of the step before (h_prev = h_{t-1}, None only "
          "at t = 0); here every step starts afresh (a None, or zeros, for the previous state).",
          ("rnn_step(x_t, h, U, W, b)", "rnn_step(x_t, None, U, W, b)")),
    entry("x_0 at every step", "rnn_forward",
          "step t reads its own input x_t = X[t]; here every step reads X[0].",
          ("X", "[X[0]] * len(X)")),
    entry("states in reverse order", "rnn_forward",
          "Hs[t] holds h_t, the state after step t, first step first.",
          ("np.stack(states)", "np.stack(states[::-1])")),
    entry("sequence read backwards", "rnn_forward",
          "the steps run forwards in time, from x_0 to x_{T-1}; here the sequence is read from "
          "its end.",
          ("X", "X[::-1]")),
    entry("states stacked along the batch axis", "rnn_forward",
          "Hs is time-major, (T, N, H): states stacked along axis 0; axis 1 gives (N, T, H).",
          ("np.stack(states)", "np.stack(states, axis=1)")),
    entry("initial state of ones", "rnn_forward",
          "the first step has no previous state (h_prev None, no recurrent term); starting from "
          "a state of ones adds a recurrent term at t = 0.",
          ("h = None", "h = np.ones((X.shape[1], W.shape[0]))")),
    entry("states recorded before the step", "rnn_forward",
          "Hs[t] is the state after step t has read x_t; recording the state before the step "
          "puts h_{t-1} at t (a zero state at t = 0) and loses the last state.",
          ("np.stack(states)", "np.stack([np.zeros_like(states[0])] + states[:-1])")),
    entry("h_0 left out", "rnn_forward",
          "Hs holds every state h_0 ... h_{T-1}, T of them; the first one is missing here.",
          ("np.stack(states)", "states[1:]")),
    entry("last state only", "rnn_forward",
          "rnn_forward returns every hidden state, shape (T, N, H), not only the last one.",
          ("np.stack(states)", "h")),

    # ---- the heads: yhat_t = h_t V + c, and its softmax ---------------------------------------
    entry("tanh on the regression output", "regression_head",
          "the regression head is linear, h_t V + c: a tanh squeezes every prediction into "
          "(-1, 1).",
          ("Hs @ V + c", "np.tanh(Hs @ V + c)")),
    entry("sigmoid on the regression output", "regression_head",
          "the regression head is linear, h_t V + c, with no squashing function.",
          ("Hs @ V + c", "1 / (1 + np.exp(-(Hs @ V + c)))")),
    entry("softmax on the regression output", "regression_head",
          "the regression head is linear, h_t V + c; a softmax belongs to classification only.",
          ("Hs @ V + c", "softmax(Hs @ V + c)")),
    entry("no output bias", "regression_head classification_head",
          "the output bias c is added to h_t V before anything else.",
          ("Hs @ V + c", "Hs @ V"), ("regression_head(Hs, V, c)", "Hs @ V")),
    entry("output bias subtracted", "regression_head",
          "the output bias c is added to h_t V, not subtracted.",
          ("Hs @ V + c", "Hs @ V - c")),
    entry("last step only", "regression_head classification_head",
          "a head predicts at every step, shape (T, N, K), not only from the last state.",
          ("Hs", "Hs[-1]")),
    entry("V transposed", "regression_head",
          "the state multiplies V from the left (h_t V, row form); V^T only runs when V is "
          "square.",
          ("Hs @ V + c", "Hs @ V.T + c")),
    entry("logits instead of probabilities", "classification_head",
          "the classification head returns probabilities: the softmax of h_t V + c.",
          ("softmax(regression_head(Hs, V, c))", "regression_head(Hs, V, c)")),
    entry("sigmoid instead of softmax", "classification_head",
          "the probabilities of the classes come from a softmax, which makes each row sum to "
          "1; an element-wise sigmoid does not.",
          ("softmax(regression_head(Hs, V, c))", "1 / (1 + np.exp(-regression_head(Hs, V, c)))")),
    entry("softmax over time", "classification_head",
          "the softmax runs over the classes (the last axis) of each step and sequence; here "
          "it runs over the time steps (axis 0).",
          ("softmax(regression_head(Hs, V, c))",
           "np.moveaxis(softmax(np.moveaxis(regression_head(Hs, V, c), 0, -1)), -1, 0)")),
    entry("softmax over the batch", "classification_head",
          "the softmax runs over the classes (the last axis) of each step and sequence; here "
          "it runs over the sequences (axis 1).",
          ("softmax(regression_head(Hs, V, c))",
           "np.moveaxis(softmax(np.moveaxis(regression_head(Hs, V, c), 1, -1)), -1, 1)")),
    entry("output bias after the softmax", "classification_head",
          "c is added to the logits h_t V before the softmax, not to the probabilities.",
          ("softmax(regression_head(Hs, V, c))", "softmax(Hs @ V) + c")),

    # ---- softmax over the last axis ------------------------------------------------------------
    entry("softmax without the maximum subtracted", "softmax",
          "exp overflows for logits of a few hundred; subtracting each row's maximum first "
          "gives the same probabilities and stays finite.",
          ("Z - Z.max(axis=-1, keepdims=True)", "Z")),
    entry("one maximum for every row", "softmax",
          "subtracting one maximum for the whole array is not enough when rows differ by "
          "thousands: the rows far below it underflow to 0/0; each row needs its own maximum.",
          ("Z.max(axis=-1, keepdims=True)", "Z.max()")),
    entry("the minimum subtracted", "softmax",
          "the shift that keeps exp finite is each row's maximum; the minimum lets the largest "
          "logits overflow.",
          ("Z.max(axis=-1, keepdims=True)", "Z.min(axis=-1, keepdims=True)")),
    entry("softmax over axis 0", "softmax",
          "the softmax runs over the last axis (the classes), whatever the number of axes.",
          ("-1", "0")),
    entry("softmax over axis 1", "softmax",
          "the softmax runs over the last axis (the classes); axis=1 is the last axis only of a "
          "2-D array.",
          ("-1", "1")),
    entry("sum without keepdims", "softmax",
          "the row sums must keep their axis (keepdims=True) to divide each row by its own sum; "
          "without it the division broadcasts against the wrong axis.",
          ("exp.sum(axis=-1, keepdims=True)", "exp.sum(axis=-1)")),
    entry("divided by the sum of everything", "softmax",
          "each row is divided by its own sum, so that each row sums to 1; here everything is "
          "divided by one sum over the whole array.",
          ("exp.sum(axis=-1, keepdims=True)", "exp.sum()")),
    entry("divided by the largest exponential", "softmax",
          "the probabilities divide by the sum of the row's exponentials, not by the largest.",
          ("exp.sum(axis=-1, keepdims=True)", "exp.max(axis=-1, keepdims=True)")),
    entry("exponentials not normalised", "softmax",
          "exp of the logits must be divided by the row's sum to make probabilities.",
          ("exp / exp.sum(axis=-1, keepdims=True)", "exp")),
    entry("no exponential in the softmax", "softmax",
          "softmax normalises the exponentials exp(z_k); dividing the logits themselves by "
          "their sum is not a softmax (and can give negative 'probabilities').",
          ("np.exp(shifted)", "shifted")),
    entry("log-softmax", "softmax",
          "softmax returns the probabilities themselves, not their logarithms.",
          ("exp / exp.sum(axis=-1, keepdims=True)",
           "shifted - np.log(exp.sum(axis=-1, keepdims=True))")),

    # ---- the losses ------------------------------------------------------------------------------
    entry("squared error without its 1/2", "squared_error_loss",
          "the loss of a step is 1/2 of the sum of squared differences.",
          ("0.5 * float(np.sum((Y_hat - Y) ** 2))", "float(np.sum((Y_hat - Y) ** 2))")),
    entry("absolute error instead of squared", "squared_error_loss",
          "each difference is squared, not taken in absolute value.",
          ("(Y_hat - Y) ** 2", "np.abs(Y_hat - Y)")),
    entry("differences not squared", "squared_error_loss",
          "each difference is squared before the sum; unsquared, they cancel out.",
          ("(Y_hat - Y) ** 2", "Y_hat - Y")),
    entry("square of the sum", "squared_error_loss",
          "each difference is squared first, then summed; not the sum squared.",
          ("np.sum((Y_hat - Y) ** 2)", "np.sum(Y_hat - Y) ** 2")),
    entry("difference of squares", "squared_error_loss",
          "the loss squares each difference, (yhat - y)^2; yhat^2 - y^2 is another number "
          "and can be negative.",
          ("(Y_hat - Y) ** 2", "Y_hat ** 2 - Y ** 2")),
    entry("a norm instead of the squared norm", "squared_error_loss",
          "the loss sums the squared differences; the norm is its square root.",
          ("np.sum((Y_hat - Y) ** 2)", "np.linalg.norm(Y_hat - Y)")),
    entry("one loss per step", "squared_error_loss",
          "the loss is one number, summed over the time steps too.",
          ("float(np.sum((Y_hat - Y) ** 2))", "np.sum((Y_hat - Y) ** 2, axis=(1, 2))")),
    entry("loss of the last step only", LOSSES + " total_loss",
          "every time step suffers a loss, and the total sums them all, t = 0 .. T-1.",
          ("Y_hat - Y", "Y_hat[-1] - Y[-1]"),
          ("np.log(picked)", "np.log(picked[-1])"),
          ("Y", "Y[-1:]"), ("Hs", "Hs[-1:]")),
    entry("loss without t = 0", LOSSES,
          "every time step suffers a loss, t = 0 included: the sum runs over t = 0 .. T-1.",
          ("Y_hat - Y", "Y_hat[1:] - Y[1:]"),
          ("np.log(picked)", "np.log(picked[1:])")),
    entry("cross-entropy without its minus", "cross_entropy_loss many_to_one_loss_and_grads",
          "the cross-entropy is MINUS the log of the label's probability: a positive number.",
          ("-float(np.sum(np.log(picked)))", "float(np.sum(np.log(picked)))"),
          ("-float(np.sum(np.log(P[np.arange(len(labels)), labels])))",
           "float(np.sum(np.log(P[np.arange(len(labels)), labels])))")),
    entry("log10 instead of ln", "cross_entropy_loss",
          "the cross-entropy uses the natural logarithm (np.log), not log10.",
          ("np.log(picked)", "np.log10(picked)")),
    entry("a block of probabilities", "cross_entropy_loss",
          "P[:, :, labels] picks, for every (t, n), the probabilities of every label of the "
          "batch (a (T, N, T, N) block), not one entry per (t, n).",
          ("np.take_along_axis(P, labels[..., None], axis=-1)", "P[:, :, labels]")),
    entry("the largest probability instead of the label's", "cross_entropy_loss",
          "the loss reads the probability of the true label, labels[t, n], not the largest "
          "one.",
          ("np.take_along_axis(P, labels[..., None], axis=-1)", "P.max(axis=-1)")),
    entry("p log p instead of log p", "cross_entropy_loss",
          "each step's loss is minus the log of the label's probability; weighting it by that "
          "probability (p log p) is an entropy, not the cross-entropy with a one-hot label.",
          ("np.log(picked)", "picked * np.log(picked)")),
    entry("the log of every probability", "cross_entropy_loss",
          "only the probability of the true label counts, one per (t, n); not every class's.",
          ("np.take_along_axis(P, labels[..., None], axis=-1)", "P")),
    entry("labels of sequence 0 for every sequence", "cross_entropy_loss",
          "sequence n's loss reads its own label labels[t, n]; here every sequence uses "
          "sequence 0's.",
          ("labels[..., None]", "np.broadcast_to(labels[:, :1], labels.shape)[..., None]")),
    entry("binary cross-entropy", "cross_entropy_loss",
          "the multi-class cross-entropy is -log p[label] alone; the (1 - y) log(1 - p) term "
          "belongs to a binary (sigmoid) loss.",
          ("-float(np.sum(np.log(picked)))",
           "-float(np.sum(np.log(picked)) + np.sum(np.log(1 - P)) - np.sum(np.log(1 - picked)))")),
    entry("one-hot as wide as the largest label", "cross_entropy_loss",
          "a one-hot row has K entries, one per class (P.shape[-1]); labels.max() + 1 is "
          "smaller when the last class never occurs.",
          ("np.take_along_axis(P, labels[..., None], axis=-1)",
           "np.sum(np.eye(labels.max() + 1)[labels] * P, axis=-1)")),

    # ---- total_loss ---------------------------------------------------------------------------
    entry("W transposed in the forward pass", "total_loss",
          "the forward pass takes W as it is given (h_{t-1} W, row form); a transposed W is the "
          "column-vector habit and gives other states.",
          ("params['W']", "params['W'].T")),
    entry("output bias left out of the loss", "total_loss",
          "the predictions use every parameter, the output bias c included.",
          ("params['c']", "0 * params['c']")),
    entry("logits into the cross-entropy", "total_loss",
          "the cross-entropy takes probabilities: for classification the states go through the "
          "classification head (with its softmax), not the linear head alone.",
          ("classification_head(Hs, params['V'], params['c'])",
           "regression_head(Hs, params['V'], params['c'])")),
    entry("every step predicted from the last state", "total_loss",
          "step t's prediction comes from its own state h_t, not from the last one.",
          ("regression_head(Hs, params['V'], params['c'])",
           "regression_head(Hs[-1:], params['V'], params['c'])"),
          ("classification_head(Hs, params['V'], params['c'])",
           "classification_head(Hs[-1:], params['V'], params['c'])")),

    # ---- bptt and many_to_one_loss_and_grads: the backward pass --------------------------------
    entry("no gradient through the recurrence", "bptt",
          "h_t feeds the output at t AND the next step's pre-activation, so its gradient adds "
          "what comes back from step t+1 through W.",
          ("dZ[t] @ V.T + dA_next @ W.T", "dZ[t] @ V.T")),
    entry("gradient stopped at the last step", "many_to_one_loss_and_grads",
          "the loss sits at T-1 but its gradient flows back through every earlier state, "
          "through W.",
          ("dA @ W.T", "0 * dA")),
    entry("W instead of W^T backwards", BACKWARD + " state_jacobian_norms",
          "going back through a_{t+1} = h_t W + ... multiplies by W^T (row form), the transpose "
          "of the forward W.",
          ("W.T", "W")),
    entry("tanh derivative 1 - h", BACKWARD + " state_jacobian_norms",
          "the derivative of tanh is 1 - h^2 (h squared), not 1 - h.",
          ("1 - Hs[t] ** 2", "1 - Hs[t]")),
    entry("tanh derivative (1 - h)^2", BACKWARD + " state_jacobian_norms",
          "the derivative of tanh is 1 - h^2: only h is squared, not the difference 1 - h.",
          ("1 - Hs[t] ** 2", "(1 - Hs[t]) ** 2")),
    entry("tanh applied again in its derivative", BACKWARD + " state_jacobian_norms",
          "the stored state is already h = tanh(a); its derivative is 1 - h^2, with no second "
          "tanh on h.",
          ("1 - Hs[t] ** 2", "1 - np.tanh(Hs[t]) ** 2")),
    entry("tanh derivative of the last state at every step", BACKWARD + " state_jacobian_norms",
          "each step's tanh derivative uses that step's own state h_t; the last state's "
          "derivative belongs to the last step only.",
          ("1 - Hs[t] ** 2", "1 - Hs[-1] ** 2")),
    entry("tanh derivative of the pre-activation", BACKWARD + " state_jacobian_norms",
          "tanh'(a) = 1 - tanh(a)^2 = 1 - h^2 uses the state h = tanh(a), not the "
          "pre-activation a.",
          ("1 - Hs[t] ** 2", "1 - np.arctanh(Hs[t]) ** 2")),
    entry("tanh derivative of the previous state", BACKWARD + " state_jacobian_norms",
          "step t's tanh derivative uses its own state h_t, not h_{t-1}.",
          ("1 - Hs[t] ** 2", "1 - Hs[t - 1] ** 2")),
    entry("tanh derivative of the previous state, none at t = 0", BACKWARD,
          "step t's tanh derivative uses its own state h_t, not h_{t-1}.",
          ("1 - Hs[t] ** 2", "1 - (Hs[t - 1] if t > 0 else 0 * Hs[t]) ** 2")),
    entry("no tanh derivative", BACKWARD,
          "the gradient at the pre-activation is the gradient at h times tanh' = 1 - h^2.",
          ("dH * (1 - Hs[t] ** 2)", "dH")),
    entry("no W on the way back", BACKWARD,
          "the gradient reaches h_{t-1} through a_t = h_{t-1} W + ..., so it passes through "
          "W^T on its way back; without W it is the gradient of another network.",
          ("dA_next @ W.T", "dA_next"), ("dA @ W.T", "dA")),
    entry("dh carried back instead of da", "bptt",
          "what flows back to step t-1 is the gradient at the pre-activation a_t (after the "
          "tanh derivative), through W^T.",
          ("dA_next = dA", "dA_next = dH")),
    entry("dU from dh, before the tanh derivative", BACKWARD,
          "U enters through the pre-activation a_t = ... + x_t U + ..., so dU takes the "
          "gradient at a_t, after the tanh derivative, not the gradient at h_t.",
          ("X[t].T @ dA", "X[t].T @ dH")),
    entry("dW from dh, before the tanh derivative", BACKWARD,
          "W enters through the pre-activation a_t = h_{t-1} W + ..., so dW takes the "
          "gradient at a_t, after the tanh derivative, not the gradient at h_t.",
          ("Hs[t - 1].T @ dA", "Hs[t - 1].T @ dH")),
    entry("db from dh, before the tanh derivative", BACKWARD,
          "b enters through the pre-activation a_t, so db sums the gradient at a_t, after the "
          "tanh derivative, not the gradient at h_t.",
          ("dA.sum(axis=0)", "dH.sum(axis=0)")),
    entry("dW from h_t", BACKWARD,
          "a_t = h_{t-1} W + ..., so dW adds h_{t-1}^T da_t: the state of the step before.",
          ("Hs[t - 1].T @ dA", "Hs[t].T @ dA")),
    entry("dW term at t = 0", BACKWARD,
          "h_0 has no recurrent term, so t = 0 adds nothing to dW (Hs[t - 1] at t = 0 is "
          "Hs[-1], the last state).",
          ("if t > 0:\n    grads['W'] += Hs[t - 1].T @ dA", "grads['W'] += Hs[t - 1].T @ dA")),
    entry("db of the first sequence only", BACKWARD,
          "db adds da_t up over every sequence of the batch (axis 0 of da_t), not only the "
          "first row.",
          ("dA.sum(axis=0)", "dA[0]")),
    entry("dc summed over the classes", "bptt",
          "dc adds the output gradient up over the time steps and the sequences (axes 0 and 1), "
          "keeping one entry per class.",
          ("dZ.sum(axis=(0, 1))", "dZ.sum(axis=(0, 2))")),
    entry("dV transposed", "bptt",
          "dV has the shape of V, (H, K): the sum of h_t^T dz_t.",
          ("'tnh,tnk->hk'", "'tnh,tnk->kh'")),
    entry("dU transposed", BACKWARD,
          "dU has the shape of U, (D, H): the sum of x_t^T da_t.",
          ("X[t].T @ dA", "dA.T @ X[t]")),
    entry("= instead of += for dU", BACKWARD,
          "dU adds up the contribution of every step; = keeps only the last one computed.",
          ("grads['U'] += X[t].T @ dA", "grads['U'] = X[t].T @ dA")),
    entry("= instead of += for dW", BACKWARD,
          "dW adds up the contribution of every step; = keeps only the last one computed.",
          ("grads['W'] += Hs[t - 1].T @ dA", "grads['W'] = Hs[t - 1].T @ dA")),
    entry("= instead of += for db", BACKWARD,
          "db adds up the contribution of every step; = keeps only the last one computed.",
          ("grads['b'] += dA.sum(axis=0)", "grads['b'] = dA.sum(axis=0)")),
    entry("y - yhat for yhat - y", "bptt",
          "the gradient of the loss at the output is prediction minus target (p - onehot for "
          "classification): the other way round flips every gradient's sign.",
          ("logits - Y", "Y - logits"),
          ("softmax(logits) - np.eye(V.shape[1])[Y]", "np.eye(V.shape[1])[Y] - softmax(logits)")),
    entry("squared error's gradient doubled", "bptt",
          "the derivative of 1/2 (yhat - y)^2 is (yhat - y): the 1/2 cancels the 2.",
          ("logits - Y", "2 * (logits - Y)")),
    entry("p + onehot", BACKWARD,
          "the gradient of -log softmax(z)[label] is p - onehot(label): the label's entry goes "
          "down by 1.",
          ("softmax(logits) - np.eye(V.shape[1])[Y]", "softmax(logits) + np.eye(V.shape[1])[Y]"),
          ("P - np.eye(V.shape[1])[labels]", "P + np.eye(V.shape[1])[labels]")),
    entry("one-hot not subtracted", BACKWARD,
          "the output gradient of the cross-entropy is p - onehot(label): the label's "
          "probability goes down by 1.",
          ("softmax(logits) - np.eye(V.shape[1])[Y]", "softmax(logits)"),
          ("P - np.eye(V.shape[1])[labels]", "P")),
    entry("logits instead of probabilities in the gradient", BACKWARD,
          "the output gradient of the cross-entropy is p - onehot with p the softmax "
          "probabilities, not the logits.",
          ("softmax(logits) - np.eye(V.shape[1])[Y]", "logits - np.eye(V.shape[1])[Y]"),
          ("P - np.eye(V.shape[1])[labels]", "Hs[-1] @ V + c - np.eye(V.shape[1])[labels]")),
    entry("labels subtracted with fancy indexing", "bptt",
          "dZ[..., Y] -= 1 subtracts 1 at every label of the batch in every row; each (t, n) "
          "needs only its own label's entry lowered.",
          ("dZ = softmax(logits) - np.eye(V.shape[1])[Y]",
           "dZ = softmax(logits)\ndZ[..., Y] -= 1")),
    entry("gradient of the last step's loss only", "bptt",
          "every step's loss sends a gradient back, not only the last one's.",
          ("dZ = logits - Y", "dZ = logits - Y\ndZ[:-1] = 0"),
          ("dZ = softmax(logits) - np.eye(V.shape[1])[Y]",
           "dZ = softmax(logits) - np.eye(V.shape[1])[Y]\ndZ[:-1] = 0")),
    entry("backward loop stops before t = 0", BACKWARD,
          "the backward pass visits every step, t = T-1 down to 0: x_0 and h_0 feed the loss "
          "too.",
          ("reversed(range(len(X)))", "reversed(range(1, len(X)))")),
    entry("backward loop forwards in time", BACKWARD,
          "backpropagation through time goes from the last step back to the first, carrying "
          "the gradient from step t+1 into step t.",
          ("reversed(range(len(X)))", "range(len(X))")),
    entry("loss read at the first step", "many_to_one_loss_and_grads",
          "a many-to-one model reads its output at the last step, h_{T-1}, not h_0.",
          ("Hs[-1]", "Hs[0]")),
    entry("a loss at every step", "many_to_one_loss_and_grads",
          "a many-to-one model has one loss per sequence, at the last step only; charging the "
          "label at every step is a many-to-many loss.",
          ("U, W, b, V, c = (params[key] for key in ('U', 'W', 'b', 'V', 'c'))",
           "every_step = np.broadcast_to(labels, X.shape[:2])\n"
           "return (total_loss(X, every_step, params, 'classification'), "
           "bptt(X, every_step, params, 'classification'))")),
    entry("dV from every step's state", "many_to_one_loss_and_grads",
          "only h_{T-1} feeds the output of a many-to-one model, so dV comes from the last "
          "state alone; the earlier states reach the loss through W, not through V.",
          ("Hs[-1].T @ dZ", "Hs.sum(axis=0).T @ dZ")),
    entry("an (N, N) block of probabilities", "many_to_one_loss_and_grads",
          "P[:, labels] picks every label's probability for every sequence (an (N, N) block); "
          "each sequence needs only its own label's.",
          ("P[np.arange(len(labels)), labels]", "P[:, labels]")),

    # ---- stacked_rnn_forward -----------------------------------------------------------------
    entry("X fed to every layer", "stacked_rnn_forward",
          "layer l reads the hidden states of layer l-1; only layer 0 reads X.",
          ("rnn_forward(layer_input, layer['U'], layer['W'], layer['b'])",
           "rnn_forward(X, layer['U'], layer['W'], layer['b'])")),
    entry("top layer only", "stacked_rnn_forward",
          "the list holds every layer's states, bottom layer first, not only the top one's.",
          ("states", "[layer_input]")),
    entry("top layer's states for every layer", "stacked_rnn_forward",
          "each layer's entry holds its own states; here every entry is the top layer's.",
          ("return states", "return [layer_input] * len(states)")),
    entry("layers top first", "stacked_rnn_forward",
          "the list holds the layers' states bottom layer first.",
          ("return states", "return states[::-1]")),
    entry("layer 0's W and b in every layer", "stacked_rnn_forward",
          "each layer has its own W and b; here every layer uses layer 0's.",
          ("layer['W']", "layers[0]['W']"), ("layer['b']", "layers[0]['b']")),
    entry("each layer's input listed", "stacked_rnn_forward",
          "the list holds each layer's output states; here it holds what each layer reads "
          "(X first).",
          ("layer_input = rnn_forward(layer_input, layer['U'], layer['W'], layer['b'])\n",
           "pass"),
          ("states.append(layer_input)",
           "states.append(layer_input)\n"
           "layer_input = rnn_forward(layer_input, layer['U'], layer['W'], layer['b'])")),

    # ---- state_jacobian_norms ------------------------------------------------------------------
    entry("Jacobians multiplied in the wrong order", "state_jacobian_norms",
          "d h_{T-1} / d h_t is the product of the one-step Jacobians from T-1 down to t+1; "
          "matrix products do not commute, so the order matters.",
          ("jacobian @ step", "step @ jacobian")),
    entry("norm recorded one step late", "state_jacobian_norms",
          "row t is the norm of d h_{T-1} / d h_t, taken before multiplying by step t's own "
          "Jacobian (row T-1 is the identity's norm, sqrt(H)).",
          ("norms[t] = np.linalg.norm(jacobian, axis=(1, 2))", "pass"),
          ("jacobian = jacobian @ step",
           "jacobian = jacobian @ step\nnorms[t] = np.linalg.norm(jacobian, axis=(1, 2))")),
    entry("spectral norm instead of Frobenius", "state_jacobian_norms",
          "the entries are Frobenius norms (the root of the sum of squares of every entry), "
          "not the largest singular value.",
          ("np.linalg.norm(jacobian, axis=(1, 2))",
           "np.linalg.norm(jacobian, ord=2, axis=(1, 2))")),
    entry("one norm for the whole batch", "state_jacobian_norms",
          "each sequence n has its own H x H Jacobian and its own norm.",
          ("np.linalg.norm(jacobian, axis=(1, 2))", "np.linalg.norm(jacobian)")),
    entry("norms batch-major", "state_jacobian_norms",
          "the norms are time-major, shape (T, N): row t, column n.",
          ("return norms", "return norms.T")),
    entry("Jacobian started from W^T", "state_jacobian_norms",
          "the Jacobian of h_{T-1} with respect to itself is the identity; the product of step "
          "Jacobians starts there, so an extra factor at the start shifts every norm.",
          ("np.eye(H)", "W.T")),
    entry("no tanh derivative in the Jacobian", "state_jacobian_norms",
          "one step back multiplies by diag(1 - h_t^2) W^T, the tanh derivative included.",
          ("(1 - Hs[t] ** 2)[:, :, None] * W.T", "np.broadcast_to(W.T, (N, H, H))")),
    entry("tanh derivative on the wrong side", "state_jacobian_norms",
          "in the row form, h_t = tanh(h_{t-1} W + ...) gives d h_t / d h_{t-1} = diag(1 - h_t^2) "
          "W^T: the derivative scales W^T's rows, not its columns.",
          ("(1 - Hs[t] ** 2)[:, :, None]", "(1 - Hs[t] ** 2)[:, None, :]")),
]
