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
    # -- optimisers (torch.optim's definitions) --
    MistakeInfo(
        "momentum_dampened",
        "把动量写成了滑动平均 μ·b + (1 - μ)·g",
        "writing the momentum buffer as an average μ·b + (1 - μ)·g",
        "PyTorch 的 SGD 动量（dampening = 0）是 b = μ·b + g：新梯度整个加进去，不乘 (1 - μ)。乘 (1 - μ) 的是 Adam 的一阶矩。",
        "PyTorch's SGD momentum (dampening 0) is b = μ·b + g: the new gradient goes in whole, with no (1 - μ). "
        "The (1 - μ) weighting belongs to Adam's first moment.",
    ),
    MistakeInfo(
        "momentum_buffer_dropped",
        "忘了动量缓冲，直接用了当前梯度",
        "using the current gradient where the momentum buffer belongs",
        "有动量时参数沿缓冲 b 走：p = p - η·b，而 b 里累积着之前所有的梯度；只用 g 就退回了普通 SGD。",
        "With momentum the parameter moves along the buffer: p = p - η·b, and b carries every earlier gradient; "
        "using g alone is plain SGD again.",
    ),
    MistakeInfo(
        "moment_weights_swapped",
        "把滑动平均的两个权重 β 和 1 - β 放反了",
        "swapping the weights β and 1 - β of the moving average",
        "旧的估计乘 β（接近 1，记得久），新的梯度乘 1 - β：m = β·m + (1 - β)·g。",
        "The old estimate is weighted by β (close to 1: a long memory) and the new gradient by 1 - β: "
        "m = β·m + (1 - β)·g.",
    ),
    MistakeInfo(
        "second_moment_not_squared",
        "二阶矩里用了 g 而不是 g²",
        "putting g instead of g² into the second moment",
        "v 估计的是梯度平方的平均：v = β·v + (1 - β)·g²。它必须非负，后面才能开平方。",
        "v estimates the mean of the squared gradient: v = β·v + (1 - β)·g². It must stay non-negative "
        "for its square root to exist.",
    ),
    MistakeInfo(
        "forgot_bias_correction",
        "漏掉了 Adam 的偏差修正 1/(1 - βᵗ)",
        "leaving out Adam's bias correction 1/(1 - βᵗ)",
        "m 和 v 从 0 开始，前几步偏向 0；除以 1 - βᵗ 把它们拉回无偏的估计：m̂ = m/(1 - β1ᵗ)，v̂ = v/(1 - β2ᵗ)。",
        "m and v start at 0, so early on they lean towards 0; dividing by 1 - βᵗ makes them unbiased: "
        "m̂ = m/(1 - β1ᵗ), v̂ = v/(1 - β2ᵗ).",
    ),
    MistakeInfo(
        "bias_correction_wrong_step",
        "偏差修正用错了步数 t",
        "using the wrong step count t in the bias correction",
        "t 从 1 开始数，第 t 步的修正是 1 - βᵗ：第 1 步除以 1 - β，第 2 步除以 1 - β²。",
        "t counts steps from 1, and step t divides by 1 - βᵗ: the first step by 1 - β, the second by 1 - β².",
    ),
    MistakeInfo(
        "forgot_sqrt_second_moment",
        "除以了 v 本身，而不是 √v",
        "dividing by v itself instead of √v",
        "更新量是 η·m̂ / (√v̂ + ε)（RMSprop 是 η·g / (√v + ε)）：开方后分子分母同量纲，第一步的步长约为 η。",
        "The step is η·m̂ / (√v̂ + ε) (RMSprop: η·g / (√v + ε)): after the square root the ratio has no units, "
        "and the first step is about η long.",
    ),
    MistakeInfo(
        "weight_decay_factor",
        "L2 项的梯度系数错了（应为 λ·w）",
        "getting the factor of the L2 term's gradient wrong (it is λ·w)",
        "损失里加的是 (λ/2)·w²，求导得 λ·w：½ 正好和平方的 2 抵消。",
        "The loss gains (λ/2)·w², whose derivative is λ·w: the ½ cancels the 2 of the square.",
    ),
    MistakeInfo(
        "decay_without_learning_rate",
        "解耦权重衰减时漏乘了学习率 η",
        "leaving the learning rate out of the decoupled weight decay",
        "PyTorch 的 AdamW 先做 w = w·(1 - η·λ)：衰减量随学习率一起缩放。",
        "PyTorch's AdamW first does w = w·(1 - η·λ): the decay scales with the learning rate.",
    ),
    MistakeInfo(
        "adamw_l2_confused",
        "把 Adam + L2 和 AdamW 当成了一回事",
        "treating Adam with L2 in the loss and AdamW as the same",
        "Adam + L2 把 λ·w 加进梯度，它会和梯度一起被 √v̂ 除掉；AdamW 的衰减 w·(1 - η·λ) 不经过 m 和 v。"
        "两者只在 SGD 下等价。",
        "Adam + L2 adds λ·w to the gradient, where it is divided by √v̂ along with the rest; AdamW's decay "
        "w·(1 - η·λ) bypasses m and v. The two agree only for plain SGD.",
    ),
    MistakeInfo(
        "batch_mean_forgotten",
        "漏掉了对样本求平均的 1/m",
        "leaving out the 1/m of the mean over the samples",
        "小批量的损失是各样本损失的平均：L = (1/m)·Σₙ Lₙ，所以 ∂L/∂y 的每一行也要除以 m。这个 1/m 只在这里出现一次，"
        "之后的梯度都只对样本求和。",
        "A mini-batch's loss is the mean of its samples' losses, L = (1/m)·Σₙ Lₙ, so every row of ∂L/∂y is divided "
        "by m too. That 1/m enters here, once; every later gradient only sums over the samples.",
    ),
    MistakeInfo(
        "batch_mean_twice",
        "又除了一次 m（1/m 已经在 δ 里了）",
        "dividing by m a second time (the 1/m is already inside δ)",
        "δ 是从平均后的损失传回来的，已经带着 1/m；∂W = δᵀ·X 和 ∂b = Σₙ δₙ 只需对样本求和，不要再除以 m。",
        "δ comes back from the averaged loss and already carries the 1/m: ∂W = δᵀ·X and ∂b = Σₙ δₙ only sum over "
        "the samples, with no second division by m.",
    ),
    MistakeInfo(
        "batch_one_sample",
        "只用了第一个样本，没有把各样本的贡献加起来",
        "using the first sample only, instead of adding every sample's contribution",
        "同一个 W 作用在每个样本上，所以它的梯度是各样本梯度之和：∂W = Σₙ δₙ·xₙᵀ = δᵀ·X（形状 out×m 乘 m×in）。",
        "The same W acts on every sample, so its gradient is the sum of the samples' gradients: "
        "∂W = Σₙ δₙ·xₙᵀ = δᵀ·X (out×m times m×in).",
    ),
    MistakeInfo(
        "bias_not_summed",
        "偏置的梯度没有对样本求和",
        "not summing the bias's gradient over the samples",
        "偏置 b 加到了每个样本上，所以 ∂L/∂b = Σₙ δₙ：把 δ（m×out）的各行加起来，得到长度为 out 的向量。",
        "The bias b is added to every sample, so ∂L/∂b = Σₙ δₙ: add up the rows of δ (m×out) into one vector of "
        "length out.",
    ),
    MistakeInfo(
        "decay_path_dropped",
        "只算了权重梯度的一部分：数据项 δ·aᵀ 和正则项 λ·W 要相加",
        "keeping only one part of the weight's gradient: the data term δ·aᵀ and the penalty's λ·W add",
        "加了 L2 正则项后，W 同时出现在数据损失和 (λ/2)·‖W‖² 里，梯度沿两条路径回来：∂L/∂W = ∂L_data/∂W + λ·W。",
        "With the L2 penalty, W appears both in the data loss and in (λ/2)·‖W‖², so its gradient comes back along "
        "two paths: ∂L/∂W = ∂L_data/∂W + λ·W.",
    ),
    MistakeInfo(
        "decayed_bias",
        "把偏置也做了权重衰减",
        "applying weight decay to the bias as well",
        "这里的 L2 正则项只含权重 Σ‖W‖²，不含偏置：∂L/∂b 没有 λ·b 这一项。偏置不会让模型变得更复杂，通常不做衰减。",
        "The L2 penalty here sums over the weights only, Σ‖W‖², not the biases: ∂L/∂b has no λ·b term. A bias adds "
        "no complexity to the model, so it is usually left undecayed.",
    ),
    MistakeInfo(
        "unbiased_variance",
        "方差除以了 m - 1（训练时的批归一化用有偏方差，除以 m）",
        "dividing the variance by m - 1 (batch norm in training uses the biased variance, divided by m)",
        "F.batch_norm(training=True) 用来标准化的是有偏方差 σ² = (1/m)·Σ(x - μ)²；无偏的 m - 1 版本只用于更新 running_var。",
        "F.batch_norm(training=True) normalises with the biased variance σ² = (1/m)·Σ(x - μ)²; the unbiased m - 1 "
        "version only goes into running_var.",
    ),
    MistakeInfo(
        "norm_variance_half",
        "方差梯度的 -½ 弄错了",
        "getting the -½ of the variance's gradient wrong",
        "x̂ = (x - μ)·(σ² + ε)^(-1/2)，对 σ² 求导是 -½·(x - μ)·(σ² + ε)^(-3/2)：系数是 -½，不是 1 或 -1。",
        "x̂ = (x - μ)·(σ² + ε)^(-1/2), whose derivative in σ² is -½·(x - μ)·(σ² + ε)^(-3/2): the factor is -½, "
        "not 1 or -1.",
    ),
    MistakeInfo(
        "norm_variance_power",
        "方差梯度的幂次用了 -1/2 而不是 -3/2",
        "using the power -1/2 instead of -3/2 in the variance's gradient",
        "对 (σ² + ε)^(-1/2) 求导，幂次降一：-½·(σ² + ε)^(-3/2)。",
        "Differentiating (σ² + ε)^(-1/2) lowers the power by one: -½·(σ² + ε)^(-3/2).",
    ),
    MistakeInfo(
        "norm_mean_path_dropped",
        "漏掉了经过均值 μ 的那条梯度路径",
        "dropping the gradient's path through the mean μ",
        "x 同时进入 μ、σ² 和 x̂：∂L/∂x 是直接路径、经过 μ 的路径、经过 σ² 的路径三者之和。经过 μ 的一项是 ∂L/∂μ / m，对每个样本都一样。",
        "x enters μ, σ² and x̂ alike: ∂L/∂x is the sum of the direct path, the path through μ and the path through "
        "σ². The one through μ is ∂L/∂μ / m, the same for every sample.",
    ),
    MistakeInfo(
        "norm_variance_path_dropped",
        "漏掉了经过方差 σ² 的那条梯度路径",
        "dropping the gradient's path through the variance σ²",
        "σ² 也依赖 x：经过它的一项是 ∂L/∂σ² · 2(x - μ)/m，要和直接路径、经过 μ 的路径加在一起。",
        "σ² depends on x too: its path gives ∂L/∂σ² · 2(x - μ)/m, to be added to the direct path and the one "
        "through μ.",
    ),
    MistakeInfo(
        "norm_direct_path_dropped",
        "漏掉了直接路径 ∂L/∂x̂ / √(σ² + ε)",
        "dropping the direct path ∂L/∂x̂ / √(σ² + ε)",
        "除了经过 μ 和 σ² 的两项，x 还直接出现在 x̂ = (x - μ)/√(σ² + ε) 的分子里：这一项是 ∂L/∂x̂ / √(σ² + ε)。",
        "Besides the paths through μ and σ², x appears directly in the numerator of x̂ = (x - μ)/√(σ² + ε): that "
        "term is ∂L/∂x̂ / √(σ² + ε).",
    ),
    MistakeInfo(
        "norm_gamma_not_summed",
        "∂γ 没有对样本求和",
        "not summing ∂γ over the samples",
        "同一个 γ 乘在每个样本的 x̂ 上，所以 ∂L/∂γ = Σₙ ∂L/∂y ⊙ x̂：每个特征一个数。",
        "The same γ scales every sample's x̂, so ∂L/∂γ = Σₙ ∂L/∂y ⊙ x̂: one number per feature.",
    ),
    MistakeInfo(
        "norm_gamma_without_xhat",
        "∂γ 漏乘了 x̂（那是 ∂β）",
        "leaving x̂ out of ∂γ (that is ∂β)",
        "y = γ ⊙ x̂ + β：∂L/∂γ = Σ ∂L/∂y ⊙ x̂，而 ∂L/∂β = Σ ∂L/∂y。",
        "y = γ ⊙ x̂ + β: ∂L/∂γ = Σ ∂L/∂y ⊙ x̂, while ∂L/∂β = Σ ∂L/∂y.",
    ),
    MistakeInfo(
        "norm_gamma_forgotten",
        "∂x̂ 漏乘了 γ",
        "leaving γ out of ∂x̂",
        "y = γ ⊙ x̂ + β，所以 ∂L/∂x̂ = ∂L/∂y ⊙ γ。",
        "y = γ ⊙ x̂ + β, so ∂L/∂x̂ = ∂L/∂y ⊙ γ.",
    ),
    MistakeInfo(
        "dropout_scale_forgotten",
        "漏掉了反向缩放的 1/(1 - p)",
        "leaving out the inverted-dropout scale 1/(1 - p)",
        "PyTorch 的 dropout 在训练时把保留的单元乘以 1/(1 - p)，使期望不变、测试时什么都不用改；反向传播也乘同一个系数。",
        "PyTorch's dropout multiplies the kept units by 1/(1 - p) in training, so the expected value stays and "
        "nothing changes at test time; the backward pass multiplies by the same factor.",
    ),
    MistakeInfo(
        "dropout_mask_forgotten",
        "反向传播时让梯度穿过了被丢弃的单元",
        "letting the gradient through the dropped units in the backward pass",
        "被丢弃的单元输出恒为 0，与输入无关：它们的梯度是 0。反向传播用同一个掩码：∂L/∂x = g ⊙ mask / (1 - p)。",
        "A dropped unit outputs 0 whatever its input, so its gradient is 0. The backward pass uses the same mask: "
        "∂L/∂x = g ⊙ mask / (1 - p).",
    ),
    MistakeInfo(
        "softmax_jacobian_diagonal",
        "只写了雅可比矩阵的对角线 pᵢ(1 - pᵢ)",
        "writing only the Jacobian's diagonal pᵢ(1 - pᵢ)",
        "softmax 的每个输出都依赖所有输入：∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ - pⱼ)，非对角线上是 -pᵢ·pⱼ。合起来 J = diag(p) - p·pᵀ。",
        "Every softmax output depends on every input: ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ - pⱼ), so off the diagonal it is -pᵢ·pⱼ. "
        "Together J = diag(p) - p·pᵀ.",
    ),
    MistakeInfo(
        "softmax_jacobian_sign",
        "把雅可比矩阵写成了 p·pᵀ - diag(p)",
        "writing the Jacobian as p·pᵀ - diag(p)",
        "对角线 pᵢ(1 - pᵢ) 是正的：zᵢ 增大，pᵢ 也增大；其余 pⱼ 减小，所以非对角线是负的 -pᵢ·pⱼ。",
        "The diagonal pᵢ(1 - pᵢ) is positive: raising zᵢ raises pᵢ and lowers every other pⱼ, hence the negative "
        "-pᵢ·pⱼ off the diagonal.",
    ),
    MistakeInfo(
        "softmax_elementwise",
        "把 softmax 当成逐元素的函数，只乘了 p ⊙ (1 - p)",
        "treating softmax as elementwise, multiplying by p ⊙ (1 - p) only",
        "sigmoid 是逐元素的，softmax 不是：要乘整个雅可比矩阵，∂L/∂z = J·∂L/∂p，否则漏掉了各类别之间的耦合。",
        "A sigmoid is elementwise, softmax is not: multiply by the whole Jacobian, ∂L/∂z = J·∂L/∂p, or the coupling "
        "between the classes is lost.",
    ),
    MistakeInfo(
        "ce_gradient_sign",
        "交叉熵对 p 的梯度漏了负号（应为 -t/p）",
        "losing the minus sign of cross-entropy's gradient (it is -t/p)",
        "L = -Σ t·ln p，所以 ∂L/∂p = -t/p：正确类别的概率越大，损失越小。",
        "L = -Σ t·ln p, so ∂L/∂p = -t/p: the larger the right class's probability, the smaller the loss.",
    ),
    # -- gradient checking --
    MistakeInfo(
        "one_sided_difference",
        "用了单侧差分，而不是中心差分",
        "taking a one-sided difference instead of the central one",
        "中心差分 (f(w + h) - f(w - h)) / (2h) 的误差是 O(h²)；单侧的 (f(w + h) - f(w)) / h 只有 O(h)，检查梯度时会平白多出误差。",
        "The central difference (f(w + h) - f(w - h)) / (2h) has an O(h²) error; the one-sided (f(w + h) - f(w)) / h "
        "only O(h), which adds error of its own to the check.",
    ),
    MistakeInfo(
        "central_difference_over_h",
        "中心差分除以了 h，而不是 2h",
        "dividing the central difference by h instead of 2h",
        "w + h 和 w - h 相距 2h：斜率是两值之差除以 2h。除以 h 会让数值梯度整整大一倍。",
        "w + h and w - h lie 2h apart: the slope is their difference over 2h. Dividing by h doubles the numerical gradient.",
    ),
    MistakeInfo(
        "relative_error_denominator",
        "相对误差的分母用错了（应为 max(|a|, |n|)）",
        "using the wrong denominator in the relative error (it is max(|a|, |n|))",
        "这里的约定是 r = |a - n| / max(|a|, |n|)：除以两者中较大的绝对值，结果与梯度的大小无关；只写 |a - n| 是绝对误差。",
        "The convention here is r = |a - n| / max(|a|, |n|): dividing by the larger magnitude makes it independent of "
        "the gradient's scale; |a - n| alone is the absolute error.",
    ),
    # -- computational-graph gates --
    MistakeInfo(
        "add_gate_split",
        "在加法门把上游梯度平分给了输入",
        "splitting the upstream gradient between an add gate's inputs",
        "加法门对每个输入的局部梯度都是 1：上游梯度原样传给每一个输入，不是平分。",
        "An add gate's local gradient is 1 for each input: it hands the upstream gradient to every input whole, not split.",
    ),
    MistakeInfo(
        "multiply_gate_not_swapped",
        "乘法门的局部梯度用了输入自己，而不是另一个输入",
        "using an input itself as a multiply gate's local gradient instead of the other input",
        "∂(x·y)/∂x = y：乘法门把另一个输入交换过来，乘上上游梯度。",
        "d(x·y)/dx = y: a multiply gate swaps its inputs, giving each the other one times the upstream gradient.",
    ),
    MistakeInfo(
        "max_gate_wrong_route",
        "max 门把梯度送错了输入",
        "routing a max gate's gradient to the wrong input",
        "max 门只把梯度送给取到最大值的那个输入（局部梯度 1），其他输入得到 0。",
        "A max gate sends the whole gradient to the input that was largest (local gradient 1); the others get 0.",
    ),
    MistakeInfo(
        "fanout_path_dropped",
        "变量被用了多次，却只算了一条路径的梯度",
        "keeping only one path's gradient for a value used more than once",
        "一个值流向几个门，梯度就从几条路径回来，要全部相加（多元链式法则）。",
        "A value feeding several gates gets a gradient back along each path; add them all (the multivariable chain rule).",
    ),
)

# Convolution, pooling, flatten (solver/ops/conv.py).
_ENTRIES += (
    MistakeInfo(
        "conv_flipped_kernel",
        "把卷积核翻转了（做成了数学上的卷积，而不是互相关）",
        "flipping the kernel (a textbook convolution instead of the cross-correlation)",
        "深度学习里的 conv 层（PyTorch 的 conv1d/conv2d）不翻转卷积核：y[i] = Σⱼ W[j]·x[i + j]，"
        "核的左上角对准窗口的左上角。核的梯度也就不翻转：∂L/∂W[j] = Σᵢ g[i]·x[i + j]。",
        "A conv layer in deep learning (PyTorch's conv1d/conv2d) does not flip its kernel: y[i] = Σⱼ W[j]·x[i + j], "
        "the kernel's top-left cell over the window's top-left cell. Nor is the kernel's gradient flipped: "
        "dL/dW[j] = Σᵢ g[i]·x[i + j].",
    ),
    MistakeInfo(
        "conv_backward_unflipped",
        "反向传到输入时没有翻转卷积核",
        "passing the gradient back to the input without flipping the kernel",
        "每个 g[i] 沿着它来的那个窗口把 W 送回去：∂L/∂x[m] = Σᵢ g[i]·W[m - i]。写成一次运算，就是把 g 四周补零"
        "（full）后与翻转 180° 的核做互相关；不翻转，核的各个位置就对错了输入。",
        "Each g[i] sends W back over the window it came from: dL/dx[m] = Σᵢ g[i]·W[m - i]. As one operation that "
        "is g, zero-padded all round ('full'), correlated with the kernel turned 180°; without the turn each "
        "kernel entry lands on the wrong input.",
    ),
    MistakeInfo(
        "maxpool_gradient_everywhere",
        "把最大池化的梯度分给了窗口里的每个格子",
        "sending max-pool's gradient to every cell of the window",
        "最大池化的输出只取决于窗口里的最大值，其余格子稍微变动不影响输出，导数为 0："
        "梯度整个交给最大值所在的格子（并列时按惯例给第一个），其余为 0。",
        "A max-pool output depends only on its window's largest entry; nudging the others changes nothing, "
        "so their derivative is 0: the whole gradient goes to the cell holding the maximum (the first one at a tie), "
        "the rest get 0.",
    ),
    MistakeInfo(
        "avgpool_forgot_division",
        "平均池化漏了除以窗口大小 k",
        "leaving out average pooling's division by the window size k",
        "平均池化是窗口的和除以格子数 k（2×2 窗口 k = 4），所以输出带着 1/k，反向时每个格子分到的也是 g/k。",
        "Average pooling is the window's sum divided by its number of cells k (k = 4 for a 2×2 window), so the "
        "output carries 1/k and on the way back each cell receives g/k.",
    ),
    MistakeInfo(
        "flatten_column_order",
        "按列展平了（应该逐行展平）",
        "flattening column by column instead of row by row",
        "flatten 按 C 顺序（PyTorch 和 NumPy 的默认）：先读完第一行，再读第二行；反向时按同样的顺序把梯度排回原形状。",
        "Flatten reads in C order (PyTorch's and NumPy's default): all of the first row, then the second; the "
        "backward pass puts the gradient back into the original shape in that same order.",
    ),
)

# Backpropagation through time (solver/ops/recurrent.py).
_ENTRIES += (
    MistakeInfo(
        "bptt_dropped_time_step",
        "漏掉了某个时间步对梯度的贡献（例如只取了最后一步的）",
        "leaving a time step's share out of the gradient (taking only the last step's, say)",
        "同一组 W_xh、W_hh、b_h 在每个时间步都参与了计算，所以 ∂L/∂W 是每个时间步贡献之和："
        "∂L/∂W_hh = Σₜ δₜ·h_(t-1)ᵀ，其中 δₜ = ∂L/∂zₜ；少加任何一步都不对。",
        "The same W_xh, W_hh and b_h take part at every time step, so dL/dW is the sum of every step's share: "
        "dL/dW_hh = Σₜ δₜ·h_(t-1)ᵀ with δₜ = dL/dzₜ; leaving any step out is wrong.",
    ),
    MistakeInfo(
        "bptt_forgot_recurrent_weight",
        "传回上一步隐藏状态时漏乘了 W_hhᵀ",
        "passing the gradient back to the previous hidden state without multiplying by W_hhᵀ",
        "h_(t-1) 经过 W_hh 才进入 zₜ，所以 ∂L/∂h_(t-1) = W_hhᵀ·δₜ：正是这个每步都乘一次的 W_hh（连同 tanh'）"
        "让梯度随时间消失或爆炸。",
        "h_(t-1) reaches zₜ through W_hh, so dL/dh_(t-1) = W_hhᵀ·δₜ: this W_hh, multiplied in once per step "
        "(with tanh'), is what makes the gradient vanish or explode through time.",
    ),
)

# One attention head (solver/ops/attention.py).
_ENTRIES += (
    MistakeInfo(
        "attention_forgot_scale",
        "漏掉了缩放因子 1/√d",
        "leaving out the scale 1/√d",
        "缩放点积注意力的分数是 S = Q·Kᵀ/√d（d 是每个 query/key 的维数）：除以 √d 让分数的方差不随 d 变大，"
        "softmax 不至于一开始就饱和。反向时 ∂L/∂Q 和 ∂L/∂K 也带着这个 1/√d。",
        "Scaled dot-product attention scores are S = Q·Kᵀ/√d (d the size of each query and key): dividing by √d keeps "
        "their variance from growing with d, so the softmax does not saturate from the start. On the way back dL/dQ "
        "and dL/dK carry the same 1/√d.",
    ),
    MistakeInfo(
        "softmax_wrong_axis",
        "沿错误的方向做了 softmax（按列而不是按行）",
        "taking the softmax along the wrong axis (down the columns instead of along the rows)",
        "S 的第 i 行是第 i 个 query 对所有 key 的分数，所以 softmax 沿每一行做，每行的注意力权重加起来是 1；"
        "反向时 Σ 也是沿行求的。",
        "Row i of S holds query i's scores over all the keys, so the softmax runs along each row and each row's "
        "attention weights add up to 1; on the way back the Σ runs along the rows as well.",
    ),
)

CATALOGUE: dict[str, MistakeInfo] = {entry.id: entry for entry in _ENTRIES}
