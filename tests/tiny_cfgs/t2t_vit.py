"""Tiny configs of the T2T-ViT and ViT backbones (see tests/tiny_cfgs)."""
TINY_CFGS = {
    'T2TViT':
    dict(
        cfg=dict(
            type='T2TViT',
            arch='tiny',
            img_size=64,
            out_indices=(0, 1),
            out_type='featmap'),
        input_shape=(2, 3, 64, 64)),
    'ViT':
    dict(
        cfg=dict(
            type='ViT',
            arch=dict(
                embed_dims=32,
                num_layers=2,
                num_heads=2,
                feedforward_channels=64),
            img_size=32,
            patch_size=8,
            out_type='featmap',
            interpolate_mode='bilinear',
            align_corners=True),
        # 48 px != img_size: the forward resizes pos_embed on the fly.
        input_shape=(2, 3, 48, 48)),
}
