"""The animation trace: forward steps, the seed, then one backward step per wire."""

from __future__ import annotations


def edge_bases(graph) -> list[int]:
    """Id of the first edge into each node; edges are numbered by target in tape order, then port."""
    bases, count = [], 0
    for a in graph.args:
        bases.append(count)
        count += len(a)
    return bases


def out_degrees(graph) -> list[int]:
    """How many wires leave each node (more than one means its gradient accumulates)."""
    degree = [0] * len(graph.args)
    for a in graph.args:
        for src in a:
            degree[src] += 1
    return degree


def step_plan(graph, names: list, latex_names: list) -> tuple[list, list]:
    """The values-independent part of every step: (forward plans, backward plans), in step order.

    `names` and `latex_names` are every wire's name (names.wire_names) and its LaTeX (latex_wire_names).

    A backward plan is (fields, node, port, input, other): `fields` holds everything but the numbers.
    """
    gates, args = graph.gates, graph.args
    labels = [graph.label(i) for i in range(len(args))]
    forward = [
        {"phase": "forward", "node": i, "gate": gates[i].name, "label": labels[i]}
        for i in range(graph.first_gate, len(args))
    ]
    backward = []
    bases, degree = edge_bases(graph), out_degrees(graph)
    for i in range(len(args) - 1, graph.first_gate - 1, -1):
        gate, a = gates[i], args[i]
        fields = {"a": latex_names[a[0]], "out": latex_names[i], "c": graph.param_texts[i]}
        if len(a) == 2:
            fields["b"] = latex_names[a[1]]
        for port, src in enumerate(a):
            static = {
                "phase": "backward",
                "edge": bases[i] + port,
                "node": i,
                "input": src,
                "port": port,
                "gate": gate.name,
                "label": labels[i],
                "pattern": gate.pattern,
                "accumulates": degree[src] > 1,
                "latex": gate.latex[port] % fields,
            }
            other = a[1 - port] if gate.name == "mul" else None
            backward.append((static, i, port, src, other))
    return forward, backward


def build_steps(result, plan: tuple) -> list[dict]:
    """Steps in the order the contract fixes; totals replay the accumulation exactly."""
    graph, vals, grads, local_grads = result.graph, result.values, result.grads, result.local_grads
    forward, backward = plan
    args = graph.args
    steps: list[dict] = []
    append = steps.append
    for static in forward:
        i = static["node"]
        append({"index": len(steps), **static, "inputs": [vals[a] for a in args[i]], "value": vals[i]})
    seed = grads[graph.output]  # 1, an array output's ones, or what the program's `d<output> = ...` line sets
    append({"index": len(steps), "phase": "seed", "node": graph.output, "gradient": seed})
    totals = [0.0] * len(vals)
    totals[graph.output] = seed
    for static, i, port, src, other in backward:
        upstream = grads[i]
        local = local_grads[i][port]
        product = local * upstream
        before = totals[src]
        totals[src] = total = before + product
        step = {
            "index": len(steps),
            **static,
            "upstream": upstream,
            "local": local,
            "product": product,
            "total_before": before,
            "total": total,
        }
        if other is not None:
            step["other"] = vals[other]
        append(step)
    return steps
