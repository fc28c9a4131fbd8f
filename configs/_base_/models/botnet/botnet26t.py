# timm's botnet26t_256 architecture (tiered stem, 2-2-2-2 blocks, MHSA in the
# last block of stage 3 and in stage 4), timm's position scaling by default.
# The relative position tables fix the input size: img_size must equal the
# size the pipeline produces (or set dynamic_size=True).
# Everything but the arch is bot50's.
_base_ = ['./bot50.py']

model = dict(backbone=dict(arch='botnet26t'))
