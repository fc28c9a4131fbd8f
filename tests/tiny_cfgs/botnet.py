"""Tiny BoTNet for the generic registered-backbone test."""
TINY_CFGS = {
    'BoTNet':
    dict(
        # 'test' arch: tiered stem, SE + SiLU conv blocks, BoT blocks in
        # stages 3 and 4 (one strided). zero_init_residual=False: a zeroed
        # last BN would block the gradient of every residual branch.
        cfg=dict(
            type='BoTNet',
            arch='test',
            img_size=64,
            stem_channels=16,
            base_channels=8,
            zero_init_residual=False,
            out_indices=(0, 1, 2, 3)),
        input_shape=(2, 3, 64, 64)),
}
