"""The catalogue of mistakes people really make in backprop, in our own words.

Problem families attach `trace.Mistake`s to the steps where each can happen, computing the
value that mistake would produce; the grader matches a learner's value against them and
names the mistake with the text below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MistakeInfo:
    id: str
    name_zh: str
    name_en: str
    advice_zh: str
    advice_en: str

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh" else self.name_en

    def advice(self, language: str) -> str:
        return self.advice_zh if language == "zh" else self.advice_en


_ENTRIES = (
    MistakeInfo(
        "forgot_activation_derivative",
        "漏乘了激活函数的导数",
        "forgot the activation derivative",
        "从 ∂L/∂a 到 ∂L/∂z 要再乘上 f'(z)，这一步的激活函数不是恒等函数。",
        "Going from dL/da to dL/dz you still have to multiply by f'(z); this layer's activation is not the identity.",
    ),
    MistakeInfo(
        "activation_derivative_of_output",
        "把 f'(a) 当成了 f'(z)",
        "used f'(a) instead of f'(z)",
        "导数要在激活函数的输入 z 处求值，而不是在它的输出 a 处。对 sigmoid 来说 f'(z) = a(1 - a)，不是 σ(a)(1 - σ(a))。",
        "Evaluate the derivative at the activation's input z, not at its output a. For sigmoid f'(z) = a(1 - a), not σ(a)(1 - σ(a)).",
    ),
    MistakeInfo(
        "sign_error_residual",
        "残差的符号反了（写成了 t - y）",
        "sign error in (y - t)",
        "L = ½(y - t)² 对 y 求导得 y - t。写成 t - y 会让后面所有梯度都变号，更新方向也随之反了。",
        "The derivative of L = ½(y - t)² with respect to y is y - t. Writing t - y flips the sign of every later gradient and the update goes the wrong way.",
    ),
    MistakeInfo(
        "half_factor",
        "系数 ½ 漏掉了或多乘了一次",
        "forgot or doubled the 1/2",
        "½ 的作用正是和平方求导得到的 2 相消：L = ½(y - t)²，∂L/∂y = y - t。",
        "The ½ is there to cancel the 2 from differentiating the square: L = ½(y - t)², dL/dy = y - t.",
    ),
    MistakeInfo(
        "square_factor",
        "漏掉了平方求导得到的 2",
        "forgot the 2 from differentiating the square",
        "均方误差前面没有 ½ 来抵消这个 2：L = (1/n)·Σ(y - t)²，所以 ∂L/∂y = (2/n)·(y - t)。",
        "Mean squared error has no ½ in front to cancel that 2: with L = (1/n)·Σ(y - t)², dL/dy = (2/n)·(y - t).",
    ),
    MistakeInfo(
        "mean_factor",
        "漏掉了求平均的 1/n",
        "forgot the 1/n of the mean",
        "这个损失是对 n 个输出取平均，所以损失本身和它对每个输出的梯度都要除以 n。",
        "This loss is an average over the n outputs, so the loss and each entry of its gradient carry the factor 1/n.",
    ),
    MistakeInfo(
        "weight_for_input",
        "权重和输入用反了",
        "used the weight where the input belongs (or the reverse)",
        "∂z/∂w 是这条连接的输入 x（或上一层的 a），∂z/∂x 才是权重 w。",
        "dz/dw is the input on that connection (x, or the previous layer's a); dz/dx is the weight w.",
    ),
    MistakeInfo(
        "transposed",
        "矩阵转置搞错了",
        "transposed a matrix",
        "检查形状：∂L/∂W 与 W 同形，等于 δ·aᵀ；往回传时用 Wᵀ·δ。",
        "Check the shapes: dL/dW has W's shape and equals δ·aᵀ; passing back uses Wᵀ·δ.",
    ),
    MistakeInfo(
        "update_sign",
        "更新时加上了梯度而不是减去",
        "added the gradient instead of subtracting it",
        "梯度下降沿梯度的反方向走：w_new = w - η·∂L/∂w。",
        "Gradient descent steps against the gradient: w_new = w - η·dL/dw.",
    ),
    MistakeInfo(
        "forgot_learning_rate",
        "漏乘了学习率",
        "forgot the learning rate",
        "更新量是 η 乘以梯度，不是梯度本身。",
        "The step is η times the gradient, not the gradient itself.",
    ),
    MistakeInfo(
        "updated_weight_in_backward",
        "反向传播中用了更新后的权重",
        "used the updated weight in the backward pass",
        "同一次迭代里，所有梯度都用更新之前的权重计算；更新放在最后统一做。",
        "Within one iteration every gradient uses the weights from before the update; the updates all happen at the end.",
    ),
    MistakeInfo(
        "dropped_skip_path",
        "漏掉了跳跃连接的一条梯度路径",
        "dropped one path of the skip connection",
        "跳跃连接让梯度沿两条路径回到同一个变量，两条路径的梯度要相加。",
        "A skip connection brings the gradient back to the same variable along two paths; add the two contributions.",
    ),
    MistakeInfo(
        "softmax_sign",
        "softmax 交叉熵的梯度符号反了",
        "sign error in p - y for softmax cross-entropy",
        "softmax 加交叉熵对 logits 的梯度是 p - y（预测减标签）。",
        "For softmax with cross-entropy the gradient with respect to the logits is p - y (prediction minus label).",
    ),
)

CATALOGUE: dict[str, MistakeInfo] = {entry.id: entry for entry in _ENTRIES}
