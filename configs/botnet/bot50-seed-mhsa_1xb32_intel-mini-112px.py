# bot50 on intel_mini at 112 px with the seed's MHSA: the MHSA of the PyTorch
# port the seed's CNN/Transformer hybrids article shows
# (leaderj1001/BottleneckTransformers): factorised absolute position
# embeddings with content-position logits, biased q/k/v convs and no
# 1/sqrt(d) scaling. Everything else as bot50_1xb32_intel-mini-112px.py
# (the paper's relative-logit MHSA).
_base_ = ['./bot50_1xb32_intel-mini-112px.py']

model = dict(
    backbone=dict(pos_embed='absolute', qkv_bias=True, qk_scale=1.0))
