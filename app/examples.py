"""The gallery: the notes' circuits first (the vectorized block last), then more small teaching examples."""

from .urlstate import format_values

# The staged program of the notes' "backprop in practice" section, pasted verbatim (comments included).
NOTES_STAGED_PROGRAM = """\
x = 3 # 例子数值
y = -4

# 前向传播
sigy = 1.0 / (1 + math.exp(-y)) # 分子中的 sigmoi          #(1)
num = x + sigy # 分子                                    #(2)
sigx = 1.0 / (1 + math.exp(-x)) # 分母中的 sigmoid         #(3)
xpy = x + y                                              #(4)
xpysqr = xpy**2                                          #(5)
den = sigx + xpysqr # 分母                                #(6)
invden = 1.0 / den                                       #(7)
f = num * invden # 搞定！                                 #(8)
"""

# The notes' last block, "用向量化操作计算梯度", pasted verbatim (the trailing space after dot(dD) included).
NOTES_VECTORIZED_PROGRAM = """\
# 前向传播
W = np.random.randn(5, 10)
X = np.random.randn(10, 3)
D = W.dot(X)

# 假设我们得到了 D 的梯度
dD = np.random.randn(*D.shape) # 和 D 一样的尺寸
dW = dD.dot(X.T) #.T 就是对矩阵进行转置
dX = W.T.dot(dD) \n"""

TWO_LAYER_NETWORK = """\
# A 2-layer ReLU network on a batch of 4 examples: biases, and the mean squared error as the loss
X = np.random.randn(4, 3)
Y = np.random.randn(4, 2)
W1 = np.random.randn(3, 5)
b1 = np.zeros(5)
W2 = np.random.randn(5, 2)
b2 = np.zeros(2)
H = np.maximum(0, X.dot(W1) + b1)
S = H.dot(W2) + b2
L = np.mean((S - Y) ** 2)
"""

SVM_LOSS = """\
# The multiclass SVM loss over a batch of 4 examples and 3 classes
X = np.random.randn(4, 5)
W = np.random.randn(5, 3)
Y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]] # the right classes, one-hot
S = X.dot(W) # scores, one row per example
correct = np.sum(S * Y, axis=1) # each example's score for its right class
margins = np.maximum(0, S.T - correct + 1) # classes by examples
L = np.sum(margins) / 4 - 1 # the right class's own margin is always 1
"""


def _example(
    key: str, en: str, zh: str, expr: str, values: dict, sig: bool = False, notes: bool = False
) -> dict:
    return {
        "id": key,
        "title": {"en": en, "zh-CN": zh},
        "expr": expr,
        "values": values,
        "expand_sigmoid": sig,
        "from_notes": notes,
    }


EXAMPLES: list[dict] = [
    _example(
        "notes-add-mul",
        "The first circuit: (x + y) * z",
        "第一个电路：(x + y) * z",
        "(x+y)*z",
        {"x": -2, "y": 5, "z": -4},
        notes=True,
    ),
    _example(
        "notes-sigmoid-neuron",
        "A 2-D neuron with a sigmoid",
        "使用 sigmoid 激活函数的二维神经元",
        "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
        {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
        sig=True,
        notes=True,
    ),
    _example(
        "notes-staged",
        "Backprop in practice: staged computation",
        "反向传播实践：分段计算",
        NOTES_STAGED_PROGRAM,
        {"x": 3, "y": -4},
        notes=True,
    ),
    _example(
        "notes-patterns",
        "Patterns: add distributes, max routes, mul swaps",
        "回传中的模式：加法分配、取最大值路由、乘法交换",
        "2*(x*y + max(z,w))",
        {"x": 3, "y": -4, "z": 2, "w": -1},
        notes=True,
    ),
    _example(
        "notes-vectorized",
        "Vectorized: D = W.dot(X), dW = dD.dot(X.T)",
        "用向量化操作计算梯度：D = W.dot(X)",
        NOTES_VECTORIZED_PROGRAM,
        {},
        notes=True,
    ),
    _example(
        "two-layer-network",
        "A 2-layer ReLU network with biases and a mean loss",
        "带偏置和平均损失的两层 ReLU 网络",
        TWO_LAYER_NETWORK,
        {},
    ),
    _example(
        "svm-loss",
        "The multiclass SVM loss over a small batch",
        "小批量上的多类 SVM 损失",
        SVM_LOSS,
        {},
    ),
    _example(
        "fan-out",
        "One input, two wires: gradients add up",
        "一个输入两条线路：梯度相加",
        "x*x + y",
        {"x": 3, "y": 2},
    ),
    _example("relu-neuron", "A ReLU neuron", "ReLU 神经元", "max(0, w*x + b)", {"w": 2, "x": 1.5, "b": -1}),
    _example(
        "division",
        "Division: one / gate, slopes 1/y and −x/y²",
        "除法：一个 / 门，斜率为 1/y 和 −x/y²",
        "x / y",
        {"x": 6, "y": -3},
    ),
    _example(
        "squared-error",
        "Squared error of a line fit",
        "直线拟合的平方误差",
        "(w*x + b - y)**2",
        {"w": 0.5, "x": 2, "b": 0.1, "y": 1.5},
    ),
    _example(
        "log-sum-exp",
        "Log-sum-exp, the soft maximum",
        "log-sum-exp：平滑的最大值",
        "log(exp(a) + exp(b))",
        {"a": 1, "b": 2},
    ),
    _example(
        "tanh-neuron",
        "A tanh neuron",
        "tanh 神经元",
        "tanh(w0*x0 + w1*x1 + b)",
        {"w0": 0.5, "x0": 1, "w1": -1, "x1": 2, "b": 0.5},
    ),
]


def share_params(example_id: str) -> dict[str, str]:
    """The page-state query a share link of one example carries: its program, values and σ choice."""
    example = next(e for e in EXAMPLES if e["id"] == example_id)
    params = {"expr": example["expr"]}
    if example["values"]:
        params["v"] = format_values(example["values"])
    if example["expand_sigmoid"]:
        params["sig"] = "1"
    return params
