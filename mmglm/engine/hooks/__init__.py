# Copyright (c) mmglm contributors. All rights reserved.
from .dataset_consistency_hook import DatasetModelConsistencyHook

__all__ = ['DatasetModelConsistencyHook']
