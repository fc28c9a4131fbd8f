# Equal-time comparison (issue 12): the global branch alone trained for about
# GLMNet-tiny's training time instead of its epochs. Same recipe as
# glmnet-tiny-global_1xb32-8e_intel-mini-64px.py, stretched to 16 epochs (the
# warm-up epoch, then the cosine over the rest); 16 = 8 x GLMNet-tiny's wall
# time / the global branch's, measured in docs/results.md.
_base_ = ['./glmnet-tiny-global_1xb32-8e_intel-mini-64px.py']

train_cfg = dict(max_epochs=16)
