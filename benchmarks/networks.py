"""Big circuits written out as programs: micrograd's demo network (an MLP with tanh) on a few samples.

A teacher meets such circuits when micrograd's `draw_dot` becomes unreadable; the benchmarks and tests use
them as the realistic big case. Names are short so that a 5,000-gate network fits the 20,000-character limit.
"""

import itertools
import keyword
import random
import string


def _names(first: str, rest: str):
    for a, b in itertools.product(first, rest):
        if not keyword.iskeyword(a + b) and a + b not in ("pi", "np"):
            yield a + b


def network_program(sizes=(2, 8, 8, 1), samples: int = 25, seed: int = 1) -> str:
    """An MLP's squared loss summed over `samples` points, every neuron `tanh(w·x + b)` but the last."""
    rng = random.Random(seed)
    weight_names = _names(string.ascii_lowercase, string.ascii_lowercase + string.digits)
    unit_names = _names(string.ascii_uppercase, string.ascii_uppercase + string.digits)
    layers = []
    lines = []
    for n_in, n_out in zip(sizes, sizes[1:], strict=False):
        layer = [([next(weight_names) for _ in range(n_in)], next(weight_names)) for _ in range(n_out)]
        layers.append(layer)
        for weights, bias in layer:
            lines += [f"{w}={rng.uniform(-1, 1):.2f}" for w in weights] + [f"{bias}=0"]
    losses = []
    for _ in range(samples):
        wires = [f"{rng.uniform(-2, 2):.1f}" for _ in range(sizes[0])]
        for depth, layer in enumerate(layers):
            last = depth == len(layers) - 1
            outputs = []
            for weights, bias in layer:
                name = next(unit_names)
                total = "+".join(f"{w}*{x}" for w, x in zip(weights, wires, strict=True)) + f"+{bias}"
                lines.append(f"{name}={total}" if last else f"{name}=tanh({total})")
                outputs.append(name)
            wires = outputs
        target = rng.choice((-1, 1))
        losses.append(f"({wires[0]}-{target})**2")
    lines.append("loss=" + "+".join(losses))
    return "\n".join(lines)


def neuron_program() -> str:
    """The 24-gate two-layer neuron with a squared loss (σ expanded): two tanh units feeding a σ."""
    return (
        "x1 = 1.5\nx2 = -0.5\nx3 = 2\ny = 1\n"
        "w1 = 0.4\nw2 = -0.6\nw3 = 0.3\nb1 = 0.1\n"
        "u1 = -0.3\nu2 = 0.8\nu3 = -0.5\nb2 = 0\n"
        "v1 = 1.2\nv2 = -0.7\nc = 0.2\n"
        "h1 = tanh(w1*x1 + w2*x2 + w3*x3 + b1)\n"
        "h2 = tanh(u1*x1 + u2*x2 + u3*x3 + b2)\n"
        "out = sigmoid(v1*h1 + v2*h2 + c)\n"
        "loss = (out - y)**2"
    )
