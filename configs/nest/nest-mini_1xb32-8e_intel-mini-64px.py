# NesT CPU results recipe (issue 12): the mini NesT of
# ../_base_/models/nest/mini_64.py (4x4 patches -> 16x16 tokens, three levels
# of 4x4 blocks, widths 32/64/128, depths 1/1/2) trained from scratch with the
# results recipe of every family (../_base_/recipes/intel-mini-64px_adamw-8e.py:
# data, crop, AdamW, warm-up + cosine, 8 epochs); only the model differs.
_base_ = [
    '../_base_/models/nest/mini_64.py',
    '../_base_/recipes/intel-mini-64px_adamw-8e.py',
]
