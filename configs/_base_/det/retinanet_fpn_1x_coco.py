# mmdet's retinanet FPN 1x COCO config, made ready for mmglm backbones: mmglm
# imported, detection batches collated. A config inheriting it states its
# backbone (with _delete_=True, _scope_='mmglm') and the FPN input widths.
_base_ = 'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'
custom_imports = dict(imports=['mmglm'], allow_failed_imports=False)

# mmglm's (= mmpretrain's) tools/train.py makes `default_collate` the default
# collate_fn, which cannot batch detection samples of different sizes; mmdet
# relies on the Runner's default `pseudo_collate`: name it explicitly.
train_dataloader = dict(collate_fn=dict(type='pseudo_collate'))
val_dataloader = dict(collate_fn=dict(type='pseudo_collate'))
test_dataloader = val_dataloader
