"""The JSON of an evaluated array program: every array value and gradient a nested list, with its shape.

The circuit's dict is built as for numbers (result.Result.to_dict); this pass turns its arrays into nested
lists and adds `shape` to nodes, wires and inputs. Programs of numbers never come here.
"""

from __future__ import annotations

import numpy as np

from .array_gates import LinearMap


def nested(value, shape: tuple):
    """A value as JSON at its wire's shape: a nested list, or a float for a single number."""
    if not shape:
        return float(value)
    return np.broadcast_to(np.asarray(value, dtype=float), shape).tolist()


def arrays_to_json(data: dict, graph, seed) -> dict:
    """Nested lists and shapes in place of the arrays of `data` (the dict of Result.to_dict)."""
    shapes = graph.shapes
    # Each record names the node whose shape its numbers have: itself, a wire's source, an input's node.
    for records, node_key in ((data["nodes"], "id"), (data["edges"], "source"), (data["inputs"], "node")):
        for record in records:
            shape = shapes[record[node_key]]
            record["value"] = nested(record["value"], shape)
            record["gradient"] = nested(record["gradient"], shape)
            record["shape"] = list(shape)
    for wire in data["inputs"]:
        data["gradients"][wire["name"]] = wire["gradient"]
    out_shape = shapes[graph.output]
    data["value"] = nested(data["value"], out_shape)
    data["shape"] = list(out_shape)
    for step in data["steps"]:
        _step_to_json(step, shapes, graph)
    return data


def _step_to_json(step: dict, shapes: tuple, graph) -> None:
    phase, node = step["phase"], step["node"]
    if phase == "forward":
        step["inputs"] = [nested(v, shapes[a]) for v, a in zip(step["inputs"], graph.args[node], strict=True)]
        step["value"] = nested(step["value"], shapes[node])
    elif phase == "seed":
        step["gradient"] = nested(step["gradient"], shapes[node])
    else:
        into = shapes[step["input"]]
        step["upstream"] = nested(step["upstream"], shapes[node])
        local = step["local"]
        if isinstance(local, LinearMap):
            step["local"], step["local_rule"] = None, local.rule
        else:
            step["local"] = nested(local, into) if np.ndim(local) else float(local)
        for key in ("product", "total_before", "total"):
            step[key] = nested(step[key], into)
        if "other" in step:
            step["other"] = nested(step["other"], shapes[graph.args[node][1 - step["port"]]])
