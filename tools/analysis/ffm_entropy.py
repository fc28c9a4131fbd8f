# Copyright (c) mmglm contributors. All rights reserved.
"""FFM fusion attention sharpness of a SwinFC model on real images.

Optionally trains the model first for ``--train-iters`` iterations on the
config's train split (its optimiser and lr, 10% linear warm-up then a
constant lr, ``FFMEntropyHook`` logging every ``--log-interval``
iterations). Then runs ``extract_feat`` (eval mode, no gradient) over the
first ``--num-images`` images of a split and prints one JSON line with
:func:`mmglm.models.necks.fusion_attention_stats` of its FFM neck: mean
entropy (nats), entropy / log N (0 one-hot, 1 uniform) and the largest
weight (mean, and the mean of the batch medians), averaged over the batches
by image count. Without ``--checkpoint`` the model is freshly initialised.
During training, ``custom_hooks=[dict(type='FFMEntropyHook')]`` logs the same
statistics per iteration. Examples (the paper's raw dot product, then FBSD's
cosine form)::

    OMP_NUM_THREADS=1 python tools/analysis/ffm_entropy.py \\
        configs/swinfc/swinfc_swin-t_1xb16_cub100-128px.py --num-images 64
    OMP_NUM_THREADS=1 python tools/analysis/ffm_entropy.py \\
        configs/swinfc/swinfc_swin-t_1xb16_cub100-128px.py --num-images 64 \\
        --cfg-options model.neck.normalize=True model.neck.scale=0.001
    # after 40 training iterations (batch 16), the train-time log included
    OMP_NUM_THREADS=1 python tools/analysis/ffm_entropy.py \
        configs/swinfc/swinfc_swin-t_1xb16_cub100-128px.py --num-images 64 \
        --train-iters 40 --work-dir work_dirs/ffm_entropy_raw
"""
import argparse
import copy
import json
import sys

from mmengine.config import Config, DictAction


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('--checkpoint', help='weights to load (default: init)')
    p.add_argument('--split', default='val', choices=['train', 'val'],
                   help="the config's train or val dataloader (train: its "
                   'augmentation included)')
    p.add_argument('--num-images', type=int, default=64)
    p.add_argument('--batch-size', type=int, default=16)
    p.add_argument('--seed', type=int, default=0, help='init seed')
    p.add_argument('--train-iters', type=int, default=0,
                   help='train this many iterations before measuring')
    p.add_argument('--log-interval', type=int, default=5)
    p.add_argument('--work-dir', default='work_dirs/ffm_entropy')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    return p.parse_args(argv)


def main(argv=None) -> dict:
    args = parse_args(argv)
    import torch
    from mmengine.registry import init_default_scope
    from mmengine.runner import Runner, load_checkpoint

    import mmglm  # noqa: F401
    from mmglm.models.necks import FFMNeck
    from mmglm.registry import MODELS

    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope('mmglm')
    loader_cfg = copy.deepcopy(cfg[f'{args.split}_dataloader'])
    train_log = []
    if args.train_iters:
        model, train_log = _train(cfg, args)
    else:
        torch.manual_seed(args.seed)
        model = MODELS.build(cfg.model)
        model.init_weights()
    if args.checkpoint:
        load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    necks = [m for m in model.modules() if isinstance(m, FFMNeck)]
    if len(necks) != 1 or not necks[0].with_fusion:
        sys.exit(f'ffm_entropy: {args.config} has no FFM fusion neck '
                 '(FFMNeck with with_fusion=True); nothing to measure.')
    neck = necks[0]
    neck.record_attn_stats = True

    loader_cfg.update(batch_size=args.batch_size, num_workers=0,
                      persistent_workers=False)
    loader_cfg.sampler = dict(type='DefaultSampler', shuffle=False)
    loader = Runner.build_dataloader(loader_cfg)

    totals, seen = {}, 0
    with torch.no_grad():
        for batch in loader:
            data = model.data_preprocessor(batch, False)
            inputs = data['inputs'][:args.num_images - seen]
            model.extract_feat(inputs)
            n = inputs.shape[0]
            for key, value in neck.attn_stats.items():
                totals[key] = totals.get(key, 0.0) + value * n
            seen += n
            if seen >= args.num_images:
                break
    result = dict(
        config=args.config, checkpoint=args.checkpoint, split=args.split,
        images=seen, normalize=neck.normalize, scale=neck.scale,
        train_iters=args.train_iters,
        **{k: round(v / seen, 4) for k, v in totals.items()},
        train_log=train_log)
    print(json.dumps(result))
    return result


def _train(cfg, args):
    """Train ``args.train_iters`` iterations; the model and the hook's log."""
    from pathlib import Path

    from mmengine.runner import Runner

    n = args.train_iters
    cfg.work_dir = args.work_dir
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=n,
                         val_interval=n + 1)
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.test_cfg = cfg.test_dataloader = cfg.test_evaluator = None
    cfg.param_scheduler = [
        dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
             end=max(1, n // 10))
    ]
    cfg.train_dataloader.update(batch_size=args.batch_size, num_workers=0,
                                persistent_workers=False)
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='FFMEntropyHook', interval=args.log_interval)
    ]
    cfg.default_hooks.logger = dict(type='LoggerHook',
                                    interval=args.log_interval)
    cfg.default_hooks.checkpoint = None
    cfg.log_processor = dict(by_epoch=False, window_size=1)
    cfg.randomness = dict(seed=args.seed)
    cfg.auto_scale_lr = dict(enable=False)
    runner = Runner.from_cfg(cfg)
    runner.train()
    scalars = sorted(Path(runner.log_dir).glob('vis_data/scalars.json'))
    log = []
    for line in scalars[-1].read_text().splitlines():
        rec = json.loads(line)
        if 'ffm_entropy' in rec:
            log.append(dict(
                iter=rec['iter'], loss=round(rec['loss'], 4),
                **{k: round(rec[f'ffm_{k}'], 4)
                   for k in ('entropy', 'norm_entropy', 'max_weight')}))
    return runner.model, log


if __name__ == '__main__':
    main()
