# Short alias (the name used in issue 4) of
# swinfc_swin-b_4xb8_web-bird-384px.py.
_base_ = ['./swinfc_swin-b_4xb8_web-bird-384px.py']
