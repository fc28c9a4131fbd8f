"""Tiny NesT for the generic registered-backbone test."""
TINY_CFGS = {
    'NesT':
    dict(
        cfg=dict(type='NesT', arch='test', out_indices=(0, 1, 2)),
        input_shape=(2, 3, 64, 64)),
}
