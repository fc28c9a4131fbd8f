"""Tiny config of SwinFC's backbone (mmpretrain Swin + FSM feature)."""
TINY_CFGS = {
    'SwinFCBackbone':
    dict(
        # stage 4 is 2x2 = one window of 2, as FSM needs
        cfg=dict(
            type='SwinFCBackbone', arch='test', img_size=64, window_size=2),
        input_shape=(2, 3, 64, 64)),
}
