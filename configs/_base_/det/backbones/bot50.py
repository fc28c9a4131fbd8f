# BoT50 (BoTNet, arXiv:2101.11605; the paper's COCO model) as a detection
# backbone (COCO 1x configs): a ResNet-50 whose three c5 blocks run MHSA, with
# ResNet-50's key names elsewhere; stem and stage 1 frozen, BN in eval mode.
# A fragment of the detector configs (configs/det): see README.md here. The
# BoTNet block of botnet26t.py with another arch, size, checkpoint and the
# frozen stages.
_base_ = ['./botnet26t.py']

__pretrained = 'work_dirs/bot50_in1k/epoch_100.pth'
det_backbone = dict(
    # BoT50 classification checkpoint saved by mmglm's tools/train.py (an
    # ImageClassifier with this backbone). A ResNet-50 ImageNet checkpoint of
    # mmpretrain also fills everything but layer4's MHSA:
    # tools/analysis_tools/check_backbone_keys.py lists what it leaves out.
    pretrained=__pretrained,
    backbone=dict(
        arch='bot50',
        # Relative position tables are kept at the classification size
        # (224 px, so checkpoints load as they are) and interpolated to each
        # padded detection input (dynamic_size).
        img_size=224,
        frozen_stages=1,
        norm_eval=True,
        init_cfg=dict(checkpoint=__pretrained)))
