"""The student's backward lines: the notes' blocks pasted whole, each line checked; mistakes get hints."""

from __future__ import annotations

import pytest
from circuitgrad.engine import ParseError, evaluate
from circuitgrad.engine.errors import TEMPLATES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import valid_programs
from test_engine_figures import NOTES_NEURON, NOTES_SIMPLE, NOTES_STAGED

# Pasted verbatim from the notes (Chinese translation): whole blocks, forward and backward, comments included.
NOTES_SIMPLE_BLOCK = """# 设置输入值
x = -2; y = 5; z = -4

# 进行前向传播
q = x + y # q becomes 3
f = q * z # f becomes -12

# 进行反向传播:
# 首先回传到 f = q * z
dfdz = q # df/dz = q, 所以关于 z 的梯度是 3
dfdq = z # df/dq = z, 所以关于 q 的梯度是-4
# 现在回传到 q = x + y
dfdx = 1.0 * dfdq # dq/dx = 1\\. 这里的乘法是因为链式法则
dfdy = 1.0 * dfdq # dq/dy = 1\x20
"""

NOTES_NEURON_BLOCK = """w = [2,-3,-3] # 假设一些随机数据和权重
x = [-1, -2]

# 前向传播
dot = w[0]*x[0] + w[1]*x[1] + w[2]
f = 1.0 / (1 + math.exp(-dot)) # sigmoid 函数

# 对神经元反向传播
ddot = (1 - f) * f # 点积变量的梯度, 使用 sigmoid 函数求导
dx = [w[0] * ddot, w[1] * ddot] # 回传到 x
dw = [x[0] * ddot, x[1] * ddot, 1.0 * ddot] # 回传到 w
# 完成！得到输入的梯度\x20
"""

NOTES_STAGED_BACKWARD = """# 回传 f = num * invden
dnum = invden # 分子的梯度                                         #(8)
dinvden = num                                                     #(8)
# 回传 invden = 1.0 / den\x20
dden = (-1.0 / (den**2)) * dinvden                                #(7)
# 回传 den = sigx + xpysqr
dsigx = (1) * dden                                                #(6)
dxpysqr = (1) * dden                                              #(6)
# 回传 xpysqr = xpy**2
dxpy = (2 * xpy) * dxpysqr                                        #(5)
# 回传 xpy = x + y
dx = (1) * dxpy                                                   #(4)
dy = (1) * dxpy                                                   #(4)
# 回传 sigx = 1.0 / (1 + math.exp(-x))
dx += ((1 - sigx) * sigx) * dsigx # Notice += !! See notes below  #(3)
# 回传 num = x + sigy
dx += (1) * dnum                                                  #(2)
dsigy = (1) * dnum                                                #(2)
# 回传 sigy = 1.0 / (1 + math.exp(-y))
dy += ((1 - sigy) * sigy) * dsigy                                 #(1)
# 完成! 嗷~~\x20
"""

NOTES_STAGED_BLOCKS = NOTES_STAGED + "\n" + NOTES_STAGED_BACKWARD


def checks_of(source: str, values: dict | None = None) -> list[dict]:
    return evaluate(source, values).to_dict()["checks"]


def only_wrong(source: str) -> list[tuple[int, str]]:
    return [(check["line"], check["code"]) for check in checks_of(source) if not check["ok"]]


@pytest.mark.parametrize(
    ("whole", "forward"),
    [
        (NOTES_SIMPLE_BLOCK, NOTES_SIMPLE),
        (NOTES_NEURON_BLOCK, NOTES_NEURON),
        (NOTES_STAGED_BLOCKS, NOTES_STAGED),
    ],
)
def test_backward_lines_leave_the_forward_circuit_and_its_numbers_as_they_are(whole, forward):
    with_backward, alone = evaluate(whole).to_dict(), evaluate(forward).to_dict()
    for key in ("value", "output", "gradients", "inputs", "nodes", "edges", "steps", "code"):
        assert with_backward[key] == alone[key]
    assert alone["checks"] == []


@pytest.mark.parametrize(
    ("source", "lines", "numbers"),
    [(NOTES_SIMPLE_BLOCK, 4, 4), (NOTES_NEURON_BLOCK, 3, 6), (NOTES_STAGED_BLOCKS, 12, 12)],
)
def test_every_backward_line_of_the_notes_is_right(source, lines, numbers):
    checks = checks_of(source)
    assert all(check["ok"] for check in checks), [c["message"] for c in checks if not c["ok"]]
    assert len({check["line"] for check in checks}) == lines
    assert len(checks) == numbers


def test_the_notes_plus_equals_lines_each_add_one_branch():
    parts = [c for c in checks_of(NOTES_STAGED_BLOCKS) if c["kind"] == "part"]
    assert [(c["target"], c["params"]["through"]) for c in parts] == [
        ("dx", "xpy"),
        ("dy", "xpy"),
        ("dx", "sigx"),
        ("dx", "num"),
        ("dy", "sigy"),
    ]


def test_the_neuron_list_lines_are_checked_element_by_element():
    checks = checks_of(NOTES_NEURON_BLOCK)
    assert [(c["target"], c["line"], c["column"]) for c in checks][1:3] == [
        ("dx[0]", 10, 7),
        ("dx[1]", 10, 20),
    ]
    assert [c["wire"] for c in checks] == ["dot", "x[0]", "x[1]", "w[0]", "w[1]", "w[2]"]
    assert checks[1]["expected"] == pytest.approx(0.39322386648296376)


def test_a_check_has_the_contract_shape():
    check = checks_of(NOTES_SIMPLE_BLOCK)[0]
    assert check == {
        "line": 10,
        "column": 1,
        "target": "dfdz",
        "wire": "z",
        "kind": "full",
        "got": 3.0,
        "expected": 3.0,
        "ok": True,
        "message": "right: ∂f/∂z = 3",
        "code": "backward_right",
        "params": {"wire": "z", "expected": "3", "got": "3"},
    }
    assert check["message"] == TEMPLATES[check["code"]].format(**check["params"])


def test_swapping_the_mul_operands_is_caught_with_the_swap_hint():
    source = NOTES_SIMPLE_BLOCK.replace("dfdz = q #", "dfdz = z #")
    (check,) = [c for c in checks_of(source) if not c["ok"]]
    assert check["code"] == "hint_mul_swap"
    assert "∂f/∂z = q · ∂f/∂f, you used z" in check["message"]
    assert (check["expected"], check["got"]) == (3.0, -4.0)


def test_a_line_right_for_a_wrong_gradient_it_reads_names_the_line_to_fix():
    source = NOTES_SIMPLE_BLOCK.replace("dfdq = z #", "dfdq = q #")
    assert only_wrong(source) == [
        (11, "hint_mul_swap"),
        (13, "backward_from_wrong"),
        (14, "backward_from_wrong"),
    ]


def test_dropping_the_sigmoid_local_gradient_is_caught_with_the_sigmoid_hint():
    source = NOTES_STAGED_BLOCKS.replace("dx += ((1 - sigx) * sigx) * dsigx", "dx += dsigx")
    assert only_wrong(source) == [(28, "hint_sigmoid_local")]
    (check,) = [c for c in checks_of(source) if not c["ok"]]
    assert "(1 - sigx) · sigx · ∂f/∂sigx" in check["message"]


def test_forgetting_a_plus_equals_is_caught_as_an_overwrite():
    source = NOTES_STAGED_BLOCKS.replace("dx += (1) * dnum", "dx = (1) * dnum")
    assert only_wrong(source) == [(30, "backward_overwrites")]
    (check,) = [c for c in checks_of(source) if not c["ok"]]
    assert check["expected"] == pytest.approx(evaluate(NOTES_STAGED).gradients["x"])


def test_using_a_gradient_before_all_its_branches_are_in_gets_its_own_message():
    source = "x = 2\ny = -3\nq = x * y\nf = q * x + q\ndq = x\ndx = y * dq\ndq += 1\n"
    assert only_wrong(source) == [(6, "backward_used_early")]


def test_a_plain_line_with_only_one_of_several_branches_says_to_add_the_others():
    source = NOTES_STAGED_BLOCKS.replace("dy += ((1 - sigy) * sigy) * dsigy", "")
    assert only_wrong(source) == [(26, "backward_one_branch")]


def test_one_line_may_add_several_branches_at_once():
    assert only_wrong("x = 2\nq = x * 3\nf = q * q\ndq = 2 * q\ndx = 3 * dq") == []


def test_a_bare_gradient_of_the_output_sets_the_seed():
    r = evaluate("x = 2\nf = x ** 2\ndf = 3\ndx = 2 * x * df")
    assert r.gradients == {"x": 12.0}
    assert [c["kind"] for c in r.checks] == ["seed", "full"] and all(c["ok"] for c in r.checks)
    assert next(s for s in r.steps if s["phase"] == "seed")["gradient"] == 3.0


def test_a_forward_program_may_call_a_wire_dx():
    r = evaluate("x = 1\ndx = 2\nf = x * dx")
    assert r.value == 2.0 and r.checks == []


@pytest.mark.parametrize(
    ("source", "code", "line", "column"),
    [
        ("x = 1\nf = x * 2\ndx = 2 * undefined_name", "undefined_assign", 3, 10),
        ("x = 1\nf = x * 2\ndx = 2 * dq\ndq = 1", "used_before", 3, 10),
        ("x = 1\nf = x * 2\ndx = import", "no_imports", 3, 6),
        ("x = 1\nf = x * 2\ndx = (2", "never_closed", 3, 6),
        ("x = 1\nf = x * 2\ndx = [1, 2]", "backward_needs_number", 3, 1),
        ("w = [1, 2]\nf = w[0] * w[1]\ndw = 3", "backward_needs_list", 3, 1),
        ("x = 1\nf = x * 2\ndfoo += 1", "backward_target", 3, 1),
        ("x = 1\nx += 1\nf = x * 2", "no_update", 2, 3),
    ],
)
def test_errors_in_backward_lines_have_a_place_like_forward_errors(source, code, line, column):
    with pytest.raises(ParseError) as caught:
        evaluate(source)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, line, column)


def test_backward_lines_are_read_with_the_engines_own_functions():
    source = "x = 0.5\nf = math.exp(x) * x\ndx = math.exp(x) * x + math.exp(x)"
    assert only_wrong(source) == []


@pytest.mark.parametrize(
    ("source", "values", "gradients"),
    [("x**0", {"x": 0.0}, {"x": 0.0}), ("0**y", {"y": 0.4}, {"y": 0.0})],
)
def test_powers_at_zero_have_the_values_and_slopes_of_the_maths(source, values, gradients):
    r = evaluate(source, values)
    assert r.value == (1.0 if "x" in source else 0.0)
    assert r.gradients == gradients


@pytest.mark.parametrize(
    ("source", "code", "name"),
    [
        ("e^x", "free_constant", "e"),
        ("2 * pi * r", "free_constant", "pi"),
        ("x = 1\ny = 2\nf = x * 3", "never_reaches", "y"),
    ],
)
def test_traps_are_warned_about_with_a_place(source, code, name):
    (warning,) = evaluate(source).to_dict()["warnings"]
    assert (warning["code"], warning["params"]["name"]) == (code, name)
    assert {"line", "column", "message", "code", "params"} == set(warning)


def test_the_constants_themselves_are_no_trap():
    assert evaluate("math.e ** x + math.pi * x").to_dict()["warnings"] == []


# Smooth programs: the generated local gradients of max, min, relu and abs are conditionals
# (`1.0 if x > 0 else 0.0`), which the language does not have.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=valid_programs(smooth=True), data=st.data())
def test_the_generated_backward_code_appended_to_the_generated_forward_code_checks_right(program, data):
    try:
        r = evaluate(program.source, program.values)
    except Exception:  # a program outside a function's domain at these values has no backward pass to check
        return
    code = r.code
    if not code["backward"] or r.graph.warnings:
        # A constant program has no gradients to write; and the generated code of wires the output does not
        # need multiplies by gradients it never assigns (the forward code then also ends with another wire).
        return
    lines = [line["text"] for line in code["forward"] + code["backward"]]
    generated = "\n".join(lines)
    checks = evaluate(generated).checks
    assert len(checks) >= len(code["backward"])
    assert all(check["ok"] for check in checks), (generated, [c["message"] for c in checks if not c["ok"]])
