# %% [markdown]
# # Recurrent neural networks and backpropagation through time
#
# In this assignment you write a vanilla recurrent neural network (RNN) in NumPy: its forward
# pass, its two output heads (regression and classification), its losses, and its gradients by
# backpropagation through time (BPTT). Then you go beyond the core: stacked RNNs, a many-to-one
# classifier, and the long-term dependency problem.
#
# **How to work.** Write your code in `rnn.py`, in the same folder as this notebook. Every
# function there raises `NotImplementedError` until you fill it in. After each function, run the
# `check(...)` cell of its section: it runs the public tests of that function on your latest
# saved `rnn.py` and explains what is wrong, if anything. The checks never stop the notebook.
# The training sections at the end use your own functions, so they work once Part A is done.
#
# **What you may import.** numpy and the Python standard library, nothing else: the assignment
# is from scratch. matplotlib is fine for your own plots (this notebook uses it), but the graded
# functions must not need it. A function that uses any other module (`scipy.special.softmax`,
# say) fails its tests, and the check says so.
#
# The public tests are a first check, not the grade: the hidden tests try more sizes and cases.

# %%
# %load_ext autoreload
# %autoreload 2

import matplotlib.pyplot as plt
import numpy as np

import rnn  # your file; autoreload picks up every edit you save
from rnn_bptt.feedback import check

# %% [markdown]
# ## 1. The model
#
# We follow the lecture's **row-vector** convention: an input $x_t \in \mathbb{R}^{1 \times D}$
# is a row, and it multiplies a weight matrix from the left. A batch holds $N$ sequences of
# length $T$, stored **time-major**: `X[t]` is the $(N, D)$ matrix whose rows are the inputs of
# the $N$ sequences at step $t$.
#
# | name | shape | meaning |
# |---|---|---|
# | `X` | (T, N, D) | inputs; `X[t]` is $x_t$, one row per sequence |
# | `U` | (D, H) | input-to-hidden weights |
# | `W` | (H, H) | hidden-to-hidden weights |
# | `b` | (H,) | hidden bias |
# | `V` | (H, K) | hidden-to-output weights |
# | `c` | (K,) | output bias |
# | `Hs` | (T, N, H) | hidden states $h_0 \dots h_{T-1}$ |
# | `Y` | (T, N, K) float | regression targets |
# | `labels` | (T, N) int | class labels in $0 \dots K-1$ |
# | `params` | dict | keys `"U"`, `"W"`, `"b"`, `"V"`, `"c"` |
#
# The hidden state carries the memory of the sequence. The first step has no previous state:
#
# $$h_0 = \tanh(x_0 U + b), \qquad h_t = \tanh(h_{t-1} W + x_t U + b) \quad (t = 1 \dots T-1).$$
#
# At every step the network makes a prediction with the same output weights:
#
# $$\hat y_t = \begin{cases} h_t V + c & \text{(regression)} \\
# \mathrm{softmax}(h_t V + c) & \text{(classification)} \end{cases}$$
#
# and suffers a loss $l(\hat y_t, y_t)$: the squared error
# $l = \tfrac12 \sum_k (\hat y_{tk} - y_{tk})^2$ for regression, the cross-entropy
# $l = -\log \hat y_t[\text{label}_t]$ for classification. The total loss is a **sum** (never a
# mean) over the time steps and over the sequences of the batch:
#
# $$\text{Total\_loss} = \sum_{n=1}^{N} \sum_{t=0}^{T-1} l(\hat y_t^{(n)}, y_t^{(n)}).$$
#
# The same $U$, $W$, $b$, $V$, $c$ are used at every step: the RNN is one small network unrolled
# through time.

# %% [markdown]
# # Part A: the core
#
# ## 2. `rnn_step`
#
# One step of the recurrence: $h_t = \tanh(h_{t-1} W + x_t U + b)$, for the whole batch at once
# (`x_t` is $(N, D)$, `h_prev` is $(N, H)$). At $t = 0$ there is no previous state and `h_prev`
# is `None`: then $h_0 = \tanh(x_0 U + b)$.
#
# Mind the order of the product: the lecture writes $h_{t-1} W$ (row vector times matrix), not
# $W h_{t-1}$. With a square, non-symmetric $W$ the two differ.

# %%
check("rnn_step")

# %% [markdown]
# ## 3. `rnn_forward`
#
# Run `rnn_step` over the whole sequence, feeding each step the state of the step before, and
# return every hidden state stacked into one $(T, N, H)$ array.

# %%
check("rnn_forward")

# %% [markdown]
# ## 4. `regression_head`
#
# The regression output at every step is linear: $\hat y_t = h_t V + c$. NumPy's `@` multiplies
# the last two axes, so one expression can handle all $T$ steps at once.

# %%
check("regression_head")

# %% [markdown]
# ## 5. `softmax`
#
# $\mathrm{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}$, over the last axis. Computed literally,
# $e^{z}$ overflows to `inf` for logits around $10^3$. Since
# $\mathrm{softmax}(z) = \mathrm{softmax}(z - m)$ for any constant $m$, subtract each row's own
# maximum first: then every exponent is at most 0. One global maximum is not enough when two rows
# differ by thousands (the smaller row would underflow to all zeros).

# %%
check("softmax")

# %% [markdown]
# ## 6. `classification_head`
#
# Class probabilities at every step: $\hat y_t = \mathrm{softmax}(h_t V + c)$, each row summing
# to 1 over the $K$ classes.

# %%
check("classification_head")

# %% [markdown]
# ## 7. `squared_error_loss`
#
# $\tfrac12 \sum_{t, n, k} (\hat y_{tnk} - y_{tnk})^2$: a single float, summed (not averaged)
# over every step, sequence and output.

# %%
check("squared_error_loss")

# %% [markdown]
# ## 8. `cross_entropy_loss`
#
# $-\sum_{t, n} \log P[t, n, \text{labels}[t, n]]$: for every step and sequence, pick the
# probability of the right class. Careful with NumPy indexing: `P[:, :, labels]` does not pick one
# entry per $(t, n)$.

# %%
check("cross_entropy_loss")

# %% [markdown]
# ## 9. `total_loss`
#
# Put the pieces together: run the RNN, apply the head of the task (`"regression"` or
# `"classification"`), and return the loss summed over all steps and sequences.

# %%
check("total_loss")

# %% [markdown]
# ## 10. `bptt`: backpropagation through time
#
# Write $a_t = h_{t-1} W + x_t U + b$ for the pre-activation (without the $h_{t-1} W$ term at
# $t = 0$), $h_t = \tanh(a_t)$, and $z_t = h_t V + c$ for the logits. For both heads the
# gradient of the loss with respect to the logits has the same simple form:
#
# - regression: $\partial l / \partial z_t = \hat y_t - y_t$;
# - classification (softmax + cross-entropy):
#   $\partial l / \partial z_t = \hat y_t - \mathrm{onehot}(y_t)$.
#
# The hidden state $h_t$ influences the loss along **two paths**: through its own output $z_t$,
# and through the next pre-activation $a_{t+1} = h_t W + \dots$ (which carries it into every later
# step). So, going backwards from $t = T-1$ to $0$:
#
# $$\frac{\partial L}{\partial h_t} = \frac{\partial L}{\partial z_t} V^\top
#   + \frac{\partial L}{\partial a_{t+1}} W^\top, \qquad
#   \frac{\partial L}{\partial a_t} = \frac{\partial L}{\partial h_t} \odot (1 - h_t^2),$$
#
# with nothing flowing in from after the last step. Each parameter's gradient is then a sum over
# the steps of a local term: derive it from $z_t = h_t V + c$ and from $a_t$. Remember that
# $W$ only appears from $t = 1$ on.
#
# `bptt` returns a dict with the same keys and shapes as `params`.

# %%
check("bptt")

# %% [markdown]
# # Part B: beyond the core
#
# ## 11. `stacked_rnn_forward`
#
# A stacked (multi-layer) RNN feeds the hidden states of one layer as the inputs of the next:
# layer 0 reads `X`, layer $l$ reads the $(T, N, H_{l-1})$ states of layer $l-1$. Every layer
# has its own `U`, `W`, `b` (so layer $l$'s `U` is $(H_{l-1}, H_l)$). Return the list of the
# states of every layer, bottom layer first.

# %%
check("stacked_rnn_forward")

# %% [markdown]
# ## 12. `many_to_one_loss_and_grads`
#
# The lecture's *many-to-one* shape (sentiment analysis, sequence classification): the network
# reads the whole sequence and makes one prediction at the end,
# $\hat y = \mathrm{softmax}(h_{T-1} V + c)$, with one label per sequence (`labels` has shape
# $(N,)$). Return the cross-entropy summed over the batch and its gradients.
#
# Only $h_{T-1}$ feeds the output, yet $U$, $W$ and $b$ get gradient from every step: the loss
# at $T-1$ flows back through every earlier hidden state. The backward recurrence is the one of
# `bptt` without the $\partial L / \partial z_t$ term for $t < T-1$.

# %%
check("many_to_one_loss_and_grads")

# %% [markdown]
# ## 13. `state_jacobian_norms`
#
# How much does the last state $h_{T-1}$ depend on an earlier state $h_t$? In column-vector form
# one step back multiplies by the Jacobian
#
# $$\frac{\partial h_t}{\partial h_{t-1}} = \mathrm{diag}(1 - h_t^2)\, W^\top, \qquad
#   \frac{\partial h_{T-1}}{\partial h_t} = \prod_{s=T-1}^{t+1} \mathrm{diag}(1 - h_s^2)\, W^\top
#   \quad (\text{the factor for } s = T-1 \text{ on the left}).$$
#
# Return, for every step $t$ and sequence $n$, the Frobenius norm of
# $\partial h_{T-1} / \partial h_t$ (entry $[T-1, n]$ is the norm of the identity,
# $\sqrt{H}$). Each sequence has its own Jacobians, because $1 - h_s^2$ depends on its states.

# %%
check("state_jacobian_norms")

# %% [markdown]
# All the public tests at once:

# %%
check()

# %% [markdown]
# ## 14. Checking gradients numerically
#
# A gradient can be checked without knowing the right formula: nudge one parameter entry by
# $\pm\varepsilon$ and watch the loss,
#
# $$\frac{\partial L}{\partial \theta_i} \approx
#   \frac{L(\theta + \varepsilon e_i) - L(\theta - \varepsilon e_i)}{2 \varepsilon}.$$
#
# These *central differences* are accurate to about $\varepsilon^2$, so with float64 and
# $\varepsilon = 10^{-6}$ a correct gradient agrees to 7 digits or more, while a wrong formula is
# usually off by a lot. It costs two loss evaluations per parameter entry, so it is a tool for
# small test cases, not for training. (It checks `bptt` against your `total_loss`, so make sure
# `check("total_loss")` passes first.)

# %%
def numerical_gradient(loss_of, params, eps=1e-6):
    """Central differences of loss_of(params) with respect to every entry of every parameter."""
    gradient = {}
    for key, value in params.items():
        gradient[key] = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            nudged = {name: array.copy() for name, array in params.items()}
            nudged[key][index] = value[index] + eps
            above = loss_of(nudged)
            nudged[key][index] = value[index] - eps
            below = loss_of(nudged)
            gradient[key][index] = (above - below) / (2 * eps)
    return gradient


def relative_error(got, expected):
    """Largest error, relative to the largest entry of `expected` (0 when both are 0)."""
    return np.max(np.abs(got - expected)) / max(np.max(np.abs(expected)), 1e-300)


def random_params(D, H, K, rng):
    """Small random weights, zero biases."""
    return {"U": rng.normal(size=(D, H)) / np.sqrt(D), "W": rng.normal(size=(H, H)) / np.sqrt(H),
            "b": np.zeros(H), "V": rng.normal(size=(H, K)) / np.sqrt(H), "c": np.zeros(K)}


# %% [markdown]
# Compare your `bptt` with the numerical gradient on a small batch, for both tasks. Relative
# errors around $10^{-8}$ or below mean your gradient is right; $10^{-2}$ or more means a bug
# (the name of the parameter tells you where to look).

# %%
rng = np.random.default_rng(0)
T, N, D, H, K = 5, 3, 4, 6, 3
params = random_params(D, H, K, rng)
params["b"] = 0.1 * rng.normal(size=H)    # non-zero biases, so their gradients are tested too
params["c"] = 0.1 * rng.normal(size=K)
X = rng.normal(size=(T, N, D))
targets = {"regression": rng.normal(size=(T, N, K)),
           "classification": rng.integers(0, K, size=(T, N))}

for task, Y in targets.items():
    analytic = rnn.bptt(X, Y, params, task)
    numeric = numerical_gradient(lambda p: rnn.total_loss(X, Y, p, task), params)
    errors = ", ".join(f"{key}: {relative_error(analytic[key], numeric[key]):.1e}"
                       for key in params)
    print(f"bptt, {task}: relative errors {errors}")

labels = rng.integers(0, K, size=N)
analytic = rnn.many_to_one_loss_and_grads(X, labels, params)[1]
numeric = numerical_gradient(lambda p: rnn.many_to_one_loss_and_grads(X, labels, p)[0], params)
errors = ", ".join(f"{key}: {relative_error(analytic[key], numeric[key]):.1e}" for key in params)
print(f"many_to_one_loss_and_grads: relative errors {errors}")

# %% [markdown]
# ## 15. Training your RNN
#
# Your `bptt` is all a network needs to learn. We train with Adam, a few lines on top of the
# gradients: it keeps running averages of each gradient ($m$) and of its square ($v$) and steps
# each entry by $m / \sqrt{v}$, so one learning rate suits parameters whose gradients differ in
# scale. (Plain gradient descent works too, with a smaller, more carefully tuned step.)

# %%
def adam(params, learning_rate=0.01, beta1=0.9, beta2=0.999, eps=1e-8):
    """An Adam optimiser for `params`: call the returned step(grads) to update params in place."""
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    count = 0

    def step(grads):
        nonlocal count
        count += 1
        for key in params:
            m[key] = beta1 * m[key] + (1 - beta1) * grads[key]
            v[key] = beta2 * v[key] + (1 - beta2) * grads[key] ** 2
            m_hat = m[key] / (1 - beta1 ** count)     # correct the bias towards 0 of early steps
            v_hat = v[key] / (1 - beta2 ** count)
            params[key] -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)

    return step


# %% [markdown]
# ### (a) Many-to-many regression: predict the next value of a noisy sine wave
#
# Each sequence is a sine wave with a random phase plus a little noise; at every step the network
# reads the current value and predicts the next one. The current value alone is ambiguous (the
# wave passes each value once going up and once going down), so the network has to remember
# where it came from: a job for the hidden state.

# %%
def noisy_sines(N, T, rng, frequency=0.3, noise=0.05):
    """N noisy sine waves of T + 1 samples, time-major: shape (T + 1, N, 1)."""
    phases = rng.uniform(0, 2 * np.pi, size=N)
    steps = np.arange(T + 1)[:, None]
    waves = np.sin(frequency * steps + phases) + noise * rng.normal(size=(T + 1, N))
    return waves[:, :, None]


rng = np.random.default_rng(1)
T, N, H = 20, 32, 16
waves = noisy_sines(N, T, rng)
X_wave, Y_wave = waves[:-1], waves[1:]          # read x_t, predict x_{t+1}
wave_params = random_params(D=1, H=H, K=1, rng=rng)

step = adam(wave_params, learning_rate=0.02)
regression_losses = []                           # mean loss per prediction, to compare sizes
for iteration in range(300):
    regression_losses.append(rnn.total_loss(X_wave, Y_wave, wave_params, "regression") / (T * N))
    step(rnn.bptt(X_wave, Y_wave, wave_params, "regression"))
print(f"mean squared-error loss per prediction: {regression_losses[0]:.4f} at the start, "
      f"{regression_losses[-1]:.4f} after {len(regression_losses)} steps")

# %%
test_waves = noisy_sines(1, T, np.random.default_rng(2))
predictions = rnn.regression_head(
    rnn.rnn_forward(test_waves[:-1], wave_params["U"], wave_params["W"], wave_params["b"]),
    wave_params["V"], wave_params["c"])

figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.5))
left.semilogy(regression_losses)
left.set(xlabel="training step", ylabel="loss per prediction", title="(a) training loss")
right.plot(range(1, T + 1), test_waves[1:, 0, 0], "o-", label="next value (target)")
right.plot(range(1, T + 1), predictions[:, 0, 0], "s--", label="prediction")
right.set(xlabel="t + 1", title="a new sequence")
right.legend()
plt.show()

# %% [markdown]
# The network follows the new wave closely: what is left is mostly the noise, which nothing can
# predict. Try a smaller `H`, or fewer training steps, and watch the fit degrade.
#
# ### (b) Many-to-one classification: which frequency?
#
# Each sequence is a noisy sine wave of one of two frequencies, slow (label 0) or fast (label 1).
# The network reads the whole sequence and classifies it from its last hidden state with
# `many_to_one_loss_and_grads`. No single value tells the two apart: the network must count how
# fast the signal changes.

# %%
FREQUENCIES = (0.2, 0.5)  # radians per step: label 0 is slow, label 1 is fast


def two_frequencies(N, T, rng, noise=0.2):
    """N noisy sine waves of T steps, (T, N, 1), and their labels (N,): which frequency."""
    labels = rng.integers(0, 2, size=N)
    frequencies = np.array(FREQUENCIES)[labels]
    phases = rng.uniform(0, 2 * np.pi, size=N)
    steps = np.arange(T)[:, None]
    waves = np.sin(frequencies * steps + phases) + noise * rng.normal(size=(T, N))
    return waves[:, :, None], labels


def accuracy(X, labels, params):
    """The fraction of sequences whose last-step prediction is their label."""
    Hs = rnn.rnn_forward(X, params["U"], params["W"], params["b"])
    predicted = np.argmax(Hs[-1] @ params["V"] + params["c"], axis=1)
    return np.mean(predicted == labels)


rng = np.random.default_rng(3)
T, N, H = 20, 256, 8
X_freq, labels_freq = two_frequencies(N, T, rng)
freq_params = random_params(D=1, H=H, K=2, rng=rng)

step = adam(freq_params, learning_rate=0.02)
classification_losses = []                       # mean cross-entropy per sequence
for iteration in range(200):
    loss, grads = rnn.many_to_one_loss_and_grads(X_freq, labels_freq, freq_params)
    classification_losses.append(loss / N)
    step(grads)

X_new, labels_new = two_frequencies(500, T, np.random.default_rng(4))
print(f"cross-entropy per sequence: {classification_losses[0]:.3f} at the start "
      f"(log 2 = {np.log(2):.3f} is a coin toss), {classification_losses[-1]:.3f} at the end")
print(f"accuracy on 500 new sequences: {accuracy(X_new, labels_new, freq_params):.1%}")

plt.figure(figsize=(5.5, 3.5))
plt.plot(classification_losses)
plt.xlabel("training step")
plt.ylabel("cross-entropy per sequence")
plt.title("(b) training loss")
plt.show()

# %% [markdown]
# ## 16. The long-term dependency problem
#
# The lecture's example: in "I grew up in Vietnam ... I speak fluent *Vietnamese*", the word that
# decides the prediction is many steps back. For the gradient to carry that information, the
# Jacobian $\partial h_{T-1} / \partial h_t$ must stay away from zero as the distance $T-1-t$
# grows. But it is a product of $T-1-t$ factors $\mathrm{diag}(1 - h_s^2) W^\top$, so its size
# behaves roughly like a power of the size of $W$:
#
# - if $W$ is small (or the tanh units saturate, $1 - h_s^2 \approx 0$), the product shrinks
#   exponentially: **vanishing gradients**, the early steps get almost no learning signal;
# - if $W$ is large, it can grow exponentially: **exploding gradients**, one update can throw
#   the weights far away.
#
# Below, $W$ is an orthogonal matrix times a scale, so all its singular values equal the scale.
# We plot the mean over the batch of your `state_jacobian_norms` against the distance.

# %%
rng = np.random.default_rng(5)
T, N, D, H = 30, 16, 4, 16
X_long = 0.1 * rng.normal(size=(T, N, D))          # small inputs: the units stay mostly unsaturated
U_long = rng.normal(size=(D, H)) / np.sqrt(D)
b_long = np.zeros(H)
orthogonal, _ = np.linalg.qr(rng.normal(size=(H, H)))

distance = np.arange(T)[::-1]                      # T-1-t for t = 0 .. T-1
plt.figure(figsize=(6, 4))
for scale in (0.5, 2.0):
    norms = rnn.state_jacobian_norms(X_long, U_long, scale * orthogonal, b_long)
    plt.semilogy(distance, norms.mean(axis=1), "o-", label=f"W = {scale} x orthogonal")
plt.axhline(np.sqrt(H), color="gray", linestyle=":", label="sqrt(H), distance 0")
plt.xlabel("distance T-1-t")
plt.ylabel("mean Frobenius norm of d h_{T-1} / d h_t")
plt.title("vanishing and exploding gradients")
plt.legend()
plt.show()

# %% [markdown]
# With scale 0.5 every step back multiplies the norm by at most 0.5 (a straight line on the log
# scale): 29 steps back it is around $10^{-8}$, so a loss at the end barely moves the parameters
# through the early states. With scale 2 it grows with the distance, though slower than
# $2^{T-1-t}$: the more a unit saturates, the smaller its factor $1 - h_s^2$. Gated
# architectures (LSTM, GRU) and gradient clipping are the standard remedies.
