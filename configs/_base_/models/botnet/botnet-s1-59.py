# BoTNet-S1-59 (paper's T3): stages 3-4-6-6, stride-1 c5 (output stride 16),
# SE in the ResNet blocks, SiLU; six BoT blocks at 14x14 for 224 px inputs.
# The relative position tables fix the input size: img_size must equal the
# size the pipeline produces (or set dynamic_size=True).
# Everything but the arch is bot50's.
_base_ = ['./bot50.py']

model = dict(backbone=dict(arch='s1-59'))
