"""Tiny configs of GLMNet and its branches (PVTv2, ResNeXtFReLU)."""
TINY_CFGS = {
    'PVTv2':
    dict(cfg=dict(type='PVTv2', arch='b0'), input_shape=(2, 3, 64, 64)),
    'ResNeXtFReLU':
    dict(
        cfg=dict(
            type='ResNeXtFReLU',
            depth=26,
            stem_channels=16,
            base_channels=8,
            groups=4,
            width_per_group=2,
            out_indices=(0, 1, 2, 3),
            # mmpretrain's zero_init_residual zeroes bn3 and with it the
            # gradient of the residual branch at init.
            zero_init_residual=False),
        input_shape=(2, 3, 64, 64)),
    'GLMNet':
    dict(
        cfg=dict(
            type='GLMNet',
            arch='tiny',
            local_cfg=dict(zero_init_residual=False)),
        input_shape=(2, 3, 64, 64),
        # The global 1x1 of each exchange is multiplied by gamma = 0 at
        # init: its gradient flows only once gamma has moved
        # (tests/test_models/test_glmnet.py checks that after one step).
        zero_grad_at_init=['global_proj']),
}
