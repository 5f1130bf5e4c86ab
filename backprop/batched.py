"""A fast batched engine: N networks of one shape trained at once, each with
its own learning rate and start, layer by layer at any depth, the activations
and losses of backprop/activations.py. Used by sweep.py and bench/throughput.py.

The update rules of ann_numpy.py (sequential) and ann_numpy_original.py
(parallel), on arrays whose last axis runs over the N networks (structure of
arrays: each NumPy call works along N networks at once): W[l] (n_out, n_in, N);
b[l] (n_b, N), or (n_b, 1) for biases the same in every network (n_b = 1: one
shared by the layer; trained, they become (n_b, N)); lr (N,); a layer's nets
and outputs (n, S, N) for S samples x (S, n_inputs) and targets t (S,
n_outputs), the same for every network. Their transposes .T, (N, S, n) and
(N, n_b), are the stacks of backprop/network.py, the layout activations.py's
functions take. tests/test_batched.py proves the engine equal to the scripts'
steps, network by network.

Legend as in the training scripts: delta = dE_total/dnet of the layer being
updated, dE_dout = dE_total/dout; out[l] is the input of layer l.
"""
import ctypes
import sys

import numpy as np

from backprop.activations import hidden_delta, output_delta
from backprop.network import Params, bias_gradient

# glibc's malloc gives a freed array of over 128 KiB back to the system and maps
# it anew for the next, so every page of every temporary of a large batch is a
# page fault: at 10,000 networks that is 5/6 of an update's time
# (bench/throughput.py). These mallopt(3) settings keep freed memory (up to
# 64 MiB) for reuse; the numbers computed are the same.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
if sys.platform == "linux":
    with_glibc = ctypes.CDLL(None)
    if hasattr(with_glibc, "mallopt"):
        with_glibc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
        with_glibc.mallopt(M_TRIM_THRESHOLD, 64 << 20)


def forward(params, x, model):
    """The weighted sums and outputs of every layer of the N networks `params`
    for the samples x (S, n_inputs): (nets, outs), each (n, S, N), outs[0]
    being x (n_inputs, S, 1), so that layer l takes outs[l] and gives outs[l + 1]."""
    out = x.T[..., None]
    nets, outs, plus = [], [out], model.bias_input == 1
    for W, b, f in zip(params.W, params.b, model.activations):
        # net_j = sum_k W_jk out_k + b_j  (or - theta_j, on an input of -1), out = f(net)
        weighted = np.einsum("jkn,ksn->jsn", W, out)
        net = weighted + b[:, None] if plus else weighted - b[:, None]
        out = f.f(net.T).T
        nets.append(net)
        outs.append(out)
    return nets, outs


def total_error(out, t, model):
    """E_total (N,) of the outputs out (n_outputs, S, N) against the targets t (S, n_outputs)."""
    return model.loss.error(out.T, t)


def update(params, lr, nets, outs, t, train_biases, model, sequential):
    """The Params after one update of the N networks from their forward pass
    (nets, outs) on samples with targets t (S, n_outputs), each gradient summed
    over the samples: the output layer first, and each layer's delta passed
    down through the weights above, updated (sequential) or not (parallel).
    `sequential`: a bool for all N networks, or a boolean array (N,), one per
    network (sweep_depth.py trains both schemes in one batch)."""
    W, b, f = params.W, params.b, model.activations
    # delta_out = dE_total/dout_o * dout_o/dnet_o (activations.output_delta)
    delta = output_delta(f[-1], model.loss, nets[-1].T, outs[-1].T, t).T
    W_new, b_new = list(W), list(b)
    for l in reversed(range(len(W))):  # the output layer first
        # dE_total/dW_jk = sum over samples of delta_j out_k
        grad_W = np.einsum("jsn,ksn->jkn", delta, outs[l])
        # W <- W - eta dE_total/dW
        W_new[l] = W[l] - lr * grad_W
        if train_biases:
            # dE_total/db: delta summed over the samples (network.bias_gradient)
            grad_b = bias_gradient(delta.T, b[l].T, model.bias_input).T
            # b <- b - eta dE_total/db
            b_new[l] = b[l] - lr * grad_b
        if l > 0:
            # dE/dout_k below = sum_j delta_j W_jk: W updated (sequential) or as it was (parallel)
            above = (np.where(sequential, W_new[l], W[l]) if np.ndim(sequential)
                     else W_new[l] if sequential else W[l])
            dE_dout_below = np.einsum("jsn,jkn->ksn", delta, above)
            # delta below = dE/dout * dout/dnet (activations.hidden_delta)
            delta = hidden_delta(f[l - 1], dE_dout_below, nets[l - 1], outs[l])
    return Params.of(W_new, b_new)


def one_pass(params, lr, x, t, train_biases, model, sequential, online):
    """One pass of the N networks `params` over the samples x (S, n_inputs)
    with targets t (S, n_outputs): online, one update per sample in order;
    else one update, each gradient summed over the samples. Returns (Params
    after the pass, E_total before it, (N,)). A diverging network's numbers
    overflow to inf and nan, with NumPy's warnings unless the caller silences
    them (np.errstate, once around its loop: sweep.counts)."""
    nets, outs = forward(params, x, model)
    error = total_error(outs[-1], t, model)
    if not online or len(x) == 1:
        return update(params, lr, nets, outs, t, train_biases, model, sequential), error
    # the first sample's update from the pass's forward pass, the others' from their own
    params = update(params, lr, [n[:, :1] for n in nets], [o[:, :1] for o in outs], t[:1],
                    train_biases, model, sequential)
    for s in range(1, len(x)):
        nets, outs = forward(params, x[s:s + 1], model)
        params = update(params, lr, nets, outs, t[s:s + 1], train_biases, model, sequential)
    return params, error


def select(params, keep):
    """The networks `keep` (a boolean mask over N) of the N networks `params`."""
    n, index = params.W[0].shape[-1], np.flatnonzero(keep)
    # np.take keeps the networks' axis last in memory (p[..., keep] would put it first)
    return Params(*(np.take(p, index, axis=-1) if p.shape[-1] == n else p for p in params))


def finite(params):
    """(N,) whether every weight and bias of each network is finite."""
    ok = np.ones(params.W[0].shape[-1], dtype=bool)
    for p in params:  # a bias the same in every network: (n_b, 1), broadcast
        ok &= np.all(np.isfinite(p), axis=tuple(range(p.ndim - 1)))
    return ok


def stack(networks):
    """The engine's Params of networks given one by one as the scripts take
    them (Params of W (n_out, n_in) and b (n_b,)): each array stacked on a last
    axis over the networks."""
    return Params(*(np.stack(arrays, axis=-1) for arrays in zip(*networks)))
