# botnet-s1-59 on intel_mini at 112 px, a short CPU run (same recipe as the
# ResNet-18 reference config). BoTNet's relative position tables fix the
# feature sizes: the backbone is built for 112 px, the size the pipeline
# produces (feature sizes round up, so 112 px gives a 7x7 c4 map).
# Everything but the arch is bot50's.
_base_ = ['./bot50_1xb32_intel-mini-112px.py']

model = dict(backbone=dict(arch='s1-59'))
