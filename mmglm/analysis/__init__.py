# Copyright (c) mmglm contributors. All rights reserved.
"""Analysis helpers behind tools/analysis: complexity (params/FLOPs with
attention), side-by-side benchmarks, metafile/README generation and plots.

Not imported by ``import mmglm``; import the submodules directly.
"""
