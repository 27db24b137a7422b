"""The catalogue of mistakes people really make in backprop, in our own words.

Problem families attach `trace.Mistake`s to the steps where each can happen, computing the
value that mistake would produce; the grader matches a learner's value against them and
names the mistake with the text below.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.bilingual import pick


@dataclass(frozen=True)
class MistakeInfo:
    """`name_zh` is a verb phrase (漏乘了…) and `name_en` a gerund phrase (leaving out …): each reads
    alone in a list of mistakes and inside the grader's sentence."""

    id: str
    name_zh: str
    name_en: str
    advice_zh: str
    advice_en: str

    def name(self, language: str) -> str:
        return pick(self.name_zh, self.name_en, language)

    def advice(self, language: str) -> str:
        return pick(self.advice_zh, self.advice_en, language, "\n")


_ENTRIES = (
    MistakeInfo(
        "forgot_activation_derivative",
        "漏乘了激活函数的导数 f'(z)",
        "leaving out the activation's derivative f'(z)",
        "从 ∂L/∂a 到 ∂L/∂z 还要乘上 f'(z)：这一层的激活函数不是恒等函数。",
        "Going from dL/da to dL/dz you still multiply by f'(z): this layer's activation is not the identity.",
    ),
    MistakeInfo(
        "activation_derivative_of_output",
        "在输出 a 处求了导数，而不是在加权和 z 处",
        "evaluating the derivative at the output a instead of at the weighted sum z",
        "导数要在激活函数的输入 z 处求值。对 sigmoid 来说 f'(z) = a(1 - a)，而不是 σ(a)(1 - σ(a))。",
        "The derivative is taken at the activation's input z. For sigmoid, f'(z) = a(1 - a), not σ(a)(1 - σ(a)).",
    ),
    MistakeInfo(
        "activation_for_derivative",
        "把激活函数的值 f(z) 当成了导数 f'(z)",
        "using the activation's value f(z) for its derivative f'(z)",
        "σ'(z) = σ(z)(1 - σ(z))，tanh'(z) = 1 - tanh²(z)：由 a = f(z) 算是 a(1 - a) 或 1 - a²，而不是 a 本身。",
        "σ'(z) = σ(z)(1 - σ(z)) and tanh'(z) = 1 - tanh²(z): from a = f(z) that is a(1 - a) or 1 - a², not a itself.",
    ),
    MistakeInfo(
        "sign_error_residual",
        "把 y - t 写成了 t - y",
        "writing t - y for y - t",
        "L = ½(y - t)² 对 y 求导得 y - t。写成 t - y，后面每个梯度的符号都会跟着反过来，更新也会朝错误的方向走。",
        "The derivative of L = ½(y - t)² with respect to y is y - t. With t - y every later gradient changes sign, "
        "and the update goes the wrong way.",
    ),
    MistakeInfo(
        "half_factor",
        "漏掉了系数 ½，或者多乘了一次 ½",
        "losing the ½, or applying it twice",
        "½ 正是为了和平方求导得到的 2 相消：L = ½(y - t)²，所以 ∂L/∂y = y - t。",
        "The ½ is there to cancel the 2 from differentiating the square: L = ½(y - t)², so dL/dy = y - t.",
    ),
    MistakeInfo(
        "square_factor",
        "漏掉了平方求导得到的 2",
        "leaving out the 2 from differentiating the square",
        "均方误差前面没有 ½ 来抵消这个 2：L = (1/n)·Σ(y - t)²，所以 ∂L/∂y = (2/n)·(y - t)。",
        "Mean squared error has no ½ in front to cancel that 2: with L = (1/n)·Σ(y - t)², dL/dy = (2/n)·(y - t).",
    ),
    MistakeInfo(
        "mean_factor",
        "漏掉了求平均的 1/n",
        "leaving out the 1/n of the mean",
        "这个损失是 n 个输出的平均，所以损失本身和它对每个输出的梯度都带着 1/n。",
        "This loss is an average over the n outputs, so the loss and each entry of its gradient carry the factor 1/n.",
    ),
    MistakeInfo(
        "weight_for_input",
        "把权重和输入用反了",
        "swapping the weight and the input",
        "∂z/∂w 是这条连接上的输入（x，或上一层的 a），∂z/∂x 才是权重 w。",
        "dz/dw is the input on that connection (x, or the previous layer's a); dz/dx is the weight w.",
    ),
    MistakeInfo(
        "preactivation_for_activation",
        "该用激活值 a 的地方用了加权和 z（写成了 δ·zᵀ，应为 δ·aᵀ）",
        "using the weighted sum z where the activation a belongs (δ·zᵀ instead of δ·aᵀ)",
        "权重乘的是上一层的输出 a = f(z)，所以 ∂L/∂W = δ·aᵀ 里是 a，而不是送进 f 之前的加权和 z。",
        "A weight multiplies the previous layer's output a = f(z), so dL/dW = δ·aᵀ takes a, "
        "not the weighted sum z that went into f.",
    ),
    MistakeInfo(
        "transposed",
        "矩阵的转置用错了",
        "transposing a matrix the wrong way",
        "先看形状：∂L/∂W 和 W 同形，等于 δ·aᵀ；往回传时用 Wᵀ·δ。",
        "Check the shapes: dL/dW has W's shape and equals δ·aᵀ; passing back uses Wᵀ·δ.",
    ),
    MistakeInfo(
        "sign_flipped",
        "在这一步把符号弄反了",
        "flipping the sign at this step",
        "这一步用到的值符号没错，是在这一步里反的：逐个检查每个因子的正负（负负得正）。",
        "The values this step is built from had the right sign, so it flipped here: check the sign of each factor "
        "(a negative times a negative is positive).",
    ),
    MistakeInfo(
        "update_sign",
        "更新时加上了梯度，而不是减去",
        "adding the gradient instead of subtracting it",
        "梯度下降朝梯度的反方向走：w_new = w - η·∂L/∂w。",
        "Gradient descent steps against the gradient: w_new = w - η·dL/dw.",
    ),
    MistakeInfo(
        "forgot_learning_rate",
        "漏乘了学习率 η",
        "leaving out the learning rate η",
        "每一步的改变量是 η 乘以梯度，而不是梯度本身。",
        "The step is η times the gradient, not the gradient itself.",
    ),
    MistakeInfo(
        "updated_weight_in_backward",
        "反向传播时用了已经更新过的权重",
        "using the already-updated weight in the backward pass",
        "同一次迭代里，所有梯度都用更新之前的权重来算；更新放在最后一起做。",
        "Within one iteration every gradient uses the weights from before the update; the updates all come at the end.",
    ),
    MistakeInfo(
        "dropped_skip_path",
        "漏掉了跳跃连接的一条梯度路径",
        "dropping one of the two paths of the skip connection",
        "跳跃连接让梯度沿两条路径回到同一个变量，两条路径上的梯度要相加。",
        "A skip connection brings the gradient back to the same variable along two paths: add the two contributions.",
    ),
    MistakeInfo(
        "softmax_sign",
        "把 p - t 写成了 t - p",
        "writing t - p for p - t",
        "softmax 加交叉熵对 logits 的梯度是 p - t：预测的概率减去目标。",
        "For softmax with cross-entropy the gradient with respect to the logits is p - t: prediction minus target.",
    ),
)

CATALOGUE: dict[str, MistakeInfo] = {entry.id: entry for entry in _ENTRIES}
