# botnet-s1-59 from scratch on Intel Image Classification at 224 px, with
# the GLMNet recipe family (AdamW + warm-up + cosine, 100 epochs, CutMix,
# label smoothing; base lr for a total batch of 256 = 8 x 32, use
# --auto-scale-lr for other totals).
# Everything but the arch is bot50's.
_base_ = ['./bot50_8xb32_intel-224px.py']

model = dict(backbone=dict(arch='s1-59'))
