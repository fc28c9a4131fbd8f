# Copyright (c) mmglm contributors. All rights reserved.
