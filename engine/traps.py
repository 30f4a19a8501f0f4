"""Warnings about what a program probably did not mean: `e` as an input, a wire that never reaches f."""

from __future__ import annotations

from .errors import Message

# Free names that read like the constants; `e^x` silently makes `e` an input worth 1.
FREE_CONSTANTS = {"e": "exp(x) / math.e", "pi": "math.pi"}


def program_warnings(graph, env: dict, assigned_on: dict) -> tuple:
    """(message, line, column) for each trap the program falls into, in program order."""
    found = []
    for name, node in env.items():
        if name in FREE_CONSTANTS and name not in assigned_on and graph.kinds[node] == "input":
            span = graph.span(node)
            message = Message("free_constant", name=name, suggestion=FREE_CONSTANTS[name])
            found.append((span.line, span.column, message))
    reaching = reaching_output(graph)
    for name, node in env.items():
        if not reaching[node]:
            span = graph.span(node)
            output = graph.names[graph.output] or "f"
            found.append((span.line, span.column, Message("never_reaches", name=name, output=output)))
    found.sort(key=lambda item: item[:2])
    return tuple((message, line, column) for line, column, message in found)


def reaching_output(graph) -> list[bool]:
    """For every node, whether the output depends on it."""
    reaching = [False] * len(graph.kinds)
    reaching[graph.output] = True
    args = graph.args
    for i in range(graph.output, -1, -1):  # gates come after their operands
        if reaching[i]:
            for a in args[i]:
                reaching[a] = True
    return reaching
