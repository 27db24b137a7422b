"""What the banks' topic tags are called, in Chinese and English (a tag is an id: `chain-rule`).

A learner reads a topic where they are told what to study next (the mock interview's weakest
topics, the stats' accuracy by topic); a tag this table does not know (a bank of the learner's
own) is shown as it is written.
"""

from __future__ import annotations

TOPIC_NAMES: dict[str, tuple[str, str]] = {
    "activation-function": ("激活函数", "activation functions"),
    "adam": ("Adam 优化器", "Adam"),
    "attention": ("注意力", "attention"),
    "autodiff": ("自动微分", "automatic differentiation"),
    "backpropagation": ("反向传播", "backpropagation"),
    "batch-norm": ("批归一化", "batch normalisation"),
    "bptt": ("随时间反向传播", "backpropagation through time"),
    "chain-rule": ("链式法则", "the chain rule"),
    "checkpointing": ("梯度检查点", "gradient checkpointing"),
    "convergence": ("收敛", "convergence"),
    "convolution": ("卷积", "convolution"),
    "cross-entropy": ("交叉熵", "cross-entropy"),
    "dead-relu": ("ReLU 神经元死亡", "dead ReLUs"),
    "debugging": ("调试", "debugging"),
    "deep-networks": ("深层网络", "deep networks"),
    "derivatives": ("导数", "derivatives"),
    "differentiability": ("可导性", "differentiability"),
    "dropout": ("Dropout", "dropout"),
    "efficiency": ("计算效率", "efficiency"),
    "exploding-gradients": ("梯度爆炸", "exploding gradients"),
    "feedforward": ("前馈网络", "feedforward networks"),
    "finite-differences": ("有限差分", "finite differences"),
    "forward-propagation": ("正向传播", "forward propagation"),
    "general-formula": ("一般公式", "the general formula"),
    "gradient-checking": ("梯度检验", "gradient checking"),
    "gradient-clipping": ("梯度裁剪", "gradient clipping"),
    "gradient-descent": ("梯度下降", "gradient descent"),
    "hidden-layer": ("隐藏层", "hidden layers"),
    "initialisation": ("参数初始化", "initialisation"),
    "jacobian": ("雅可比矩阵", "the Jacobian"),
    "layer-norm": ("层归一化", "layer normalisation"),
    "leaky-relu": ("Leaky ReLU", "leaky ReLU"),
    "learning-rate": ("学习率", "the learning rate"),
    "loss": ("损失函数", "loss functions"),
    "memory": ("显存与内存", "memory"),
    "mini-batch": ("小批量", "mini-batches"),
    "momentum": ("动量", "momentum"),
    "network-structure": ("网络结构", "network structure"),
    "neuron": ("神经元", "neurons"),
    "nonlinearity": ("非线性", "nonlinearity"),
    "normalisation": ("归一化", "normalisation"),
    "numerical-stability": ("数值稳定性", "numerical stability"),
    "optimisation": ("优化", "optimisation"),
    "optimisers": ("优化器", "optimisers"),
    "parameters": ("参数", "parameters"),
    "pooling": ("池化", "pooling"),
    "regularisation": ("正则化", "regularisation"),
    "relu": ("ReLU", "ReLU"),
    "rmsprop": ("RMSprop", "RMSprop"),
    "rnn": ("循环神经网络", "recurrent networks"),
    "sgn": ("符号函数", "the sign function"),
    "shapes": ("张量形状", "shapes"),
    "sigmoid": ("sigmoid", "sigmoid"),
    "skip-connection": ("跳跃连接", "skip connections"),
    "softmax": ("softmax", "softmax"),
    "softplus": ("softplus", "softplus"),
    "squared-error": ("平方误差", "squared error"),
    "symmetry": ("对称性", "symmetry"),
    "tanh": ("tanh", "tanh"),
    "training": ("训练", "training"),
    "two-layer-example": ("两层网络的例子", "the two-layer example"),
    "vanishing-gradients": ("梯度消失", "vanishing gradients"),
    "variance": ("方差", "variance"),
    "weight-decay": ("权重衰减", "weight decay"),
    "weight-sharing": ("权重共享", "weight sharing"),
}


def topic_name(tag: str, language: str, separator: str = " / ") -> str:
    """The topic's name in `language` ("zh", "en" or "both"); an unknown tag as it is."""
    from solver.bilingual import pick

    names = TOPIC_NAMES.get(tag)
    return tag if names is None else pick(*names, language, separator)
