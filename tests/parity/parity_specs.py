"""Every spec of the parity suite, from the specs_*.py modules (one per area)."""

from __future__ import annotations

import specs_activations
import specs_activations_extra
import specs_adaptive_pooling
import specs_attention
import specs_batch_norm
import specs_conv3d_fold
import specs_conv_pool
import specs_conv_transpose
import specs_counting
import specs_diag_join_logical
import specs_distributions
import specs_einsum
import specs_elementwise
import specs_functional
import specs_group_norm
import specs_lbfgs
import specs_linalg
import specs_linalg_factor
import specs_linalg_more
import specs_losses_more2
import specs_lr_schedulers
import specs_math
import specs_math_more
import specs_more_losses
import specs_nn
import specs_nn_basics
import specs_nn_more
import specs_optim_more
import specs_prelu_channel_dropout
import specs_protocol
import specs_quantile_cdist
import specs_rearrange
import specs_recurrent
import specs_reductions
import specs_resize
import specs_rnn_utils
import specs_shape
import specs_tensor
import specs_transformer
import specs_unique_power

SPECS = (
    specs_elementwise.SPECS + specs_shape.SPECS + specs_functional.SPECS + specs_tensor.SPECS
    + specs_nn.SPECS + specs_math.SPECS + specs_protocol.SPECS + specs_nn_more.SPECS
    + specs_reductions.SPECS + specs_rearrange.SPECS + specs_activations.SPECS
    + specs_diag_join_logical.SPECS + specs_unique_power.SPECS + specs_quantile_cdist.SPECS
    + specs_recurrent.SPECS + specs_conv_pool.SPECS + specs_einsum.SPECS + specs_linalg.SPECS
    + specs_batch_norm.SPECS + specs_nn_basics.SPECS + specs_adaptive_pooling.SPECS
    + specs_resize.SPECS
    + specs_attention.SPECS
    + specs_linalg_factor.SPECS + specs_linalg_more.SPECS
    + specs_lr_schedulers.SPECS
    + specs_rnn_utils.SPECS
    + specs_more_losses.SPECS
    + specs_optim_more.SPECS
    + specs_group_norm.SPECS + specs_activations_extra.SPECS
    + specs_prelu_channel_dropout.SPECS
    + specs_counting.SPECS
    + specs_transformer.SPECS
    + specs_losses_more2.SPECS
    + specs_distributions.SPECS
    + specs_lbfgs.SPECS
    + specs_conv_transpose.SPECS
    + specs_conv3d_fold.SPECS
    + specs_math_more.SPECS
)
