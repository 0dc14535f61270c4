"""Writes JSON fixtures of Hugging Face's RoPE frequency schedules for the library's JUnit tests.

Calls transformers.modeling_rope_utils.ROPE_INIT_FUNCTIONS[rope_type](config, device, seq_len) for a
grid of configurations and records, per case, the configuration, seq_len, the returned inverse
frequencies and attention factor. Run through make_fixtures.sh (which pins the transformers release).

Precision: the functions build their tensors in float32 (`.float()`, `dtype=torch.float32`,
`dtype=torch.float`). They are run unchanged under a torch function mode (torch.overrides
.TorchFunctionMode, PyTorch's documented hook for intercepting torch calls) that turns each float32
request into float64; any float32 tensor produced inside the mode is an error, so the fixtures hold
float64 results. Each case is also run once without the mode, and the largest relative difference
between the float32 and float64 runs is recorded per file (it should be float32 rounding, ~1e-7).
"""
import argparse
import json
import math
import os
import random

import torch
import transformers
from torch.overrides import TorchFunctionMode
from transformers import PretrainedConfig
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS


class Float64Mode(TorchFunctionMode):
    """Turns float32 dtype requests of torch calls into float64 and rejects any float32 result."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if kwargs.get("dtype") is torch.float32:
            kwargs["dtype"] = torch.float64
        if func is torch.Tensor.float:
            func, args = torch.Tensor.double, args[:1]
        if func is torch.Tensor.to:
            args = tuple(torch.float64 if a is torch.float32 else a for a in args)
        out = func(*args, **kwargs)
        if isinstance(out, torch.Tensor) and out.dtype == torch.float32:
            raise RuntimeError(f"{func} produced float32 inside the float64 mode")
        return out


def config(head_dim, base, max_pos, rope_scaling=None, partial=None, original=None):
    """Returns a PretrainedConfig with the fields the rope functions read."""
    heads = 4
    kwargs = dict(hidden_size=head_dim * heads, num_attention_heads=heads, rope_theta=base,
                  max_position_embeddings=max_pos)
    if rope_scaling is not None:
        kwargs["rope_scaling"] = rope_scaling
    if partial is not None:
        kwargs["partial_rotary_factor"] = partial
    if original is not None:
        kwargs["original_max_position_embeddings"] = original
    return PretrainedConfig(**kwargs)


def describe(cfg):
    keys = ["hidden_size", "num_attention_heads", "rope_theta", "max_position_embeddings",
            "partial_rotary_factor", "original_max_position_embeddings", "rope_scaling"]
    return {k: getattr(cfg, k) for k in keys if hasattr(cfg, k)}


def run(rope_type, cfg, seq_len):
    fn = ROPE_INIT_FUNCTIONS[rope_type]
    with Float64Mode():
        inv64, att64 = fn(cfg, None, seq_len)
    inv32, _ = fn(cfg, None, seq_len)
    assert inv64.dtype == torch.float64 and inv32.dtype == torch.float32, (inv64.dtype, inv32.dtype)
    diff = max(abs(a - b) / abs(a) for a, b in zip(inv64.tolist(), inv32.double().tolist()))
    return inv64.tolist(), float(att64), diff


# (head_dim, partial_rotary_factor): several head dims and two partial-rotary layouts
DIMS = [(64, None), (96, None), (128, None), (128, 0.5), (80, 0.4)]
BASES = [1e4, 5e5, 1e6]


def grid():
    cases = {t: [] for t in ["default", "linear", "dynamic", "yarn", "longrope", "llama3"]}
    for head, partial in DIMS:
        for base in BASES:
            cases["default"].append(("default", config(head, base, 4096, partial=partial), None))
            for factor in [2.0, 8.0, 32.0]:
                rs = {"rope_type": "linear", "factor": factor}
                cases["linear"].append(("linear", config(head, base, 4096, rs, partial), None))
            for max_pos in [2048, 4096]:
                for factor in [1.0, 2.0, 8.0]:
                    rs = {"rope_type": "dynamic", "factor": factor}
                    for seq_len in [None, 1000, max_pos, max_pos + 1, 2 * max_pos, 16 * max_pos]:
                        cases["dynamic"].append(("dynamic", config(head, base, max_pos, rs, partial), seq_len))
            for original in [2048, 4096, 8192]:
                for factor in [1.0, 2.0, 4.0, 16.0, 32.0]:
                    for betas in [{}, {"beta_fast": 16.0, "beta_slow": 2.0}]:
                        rs = dict({"rope_type": "yarn", "factor": factor}, **betas)
                        cases["yarn"].append(("yarn", config(head, base, original, rs, partial), None))
                    # DeepSeek style: original context inside rope_scaling, factor = max / original
                    rs = {"rope_type": "yarn", "factor": factor, "original_max_position_embeddings": original}
                    cases["yarn"].append(("yarn", config(head, base, int(factor * original), rs, partial), None))
            for factor, low, high, original in [(8.0, 1.0, 4.0, 8192), (16.0, 1.0, 4.0, 8192),
                                                (32.0, 2.0, 8.0, 4096), (4.0, 1.0, 2.0, 2048)]:
                rs = {"rope_type": "llama3", "factor": factor, "low_freq_factor": low,
                      "high_freq_factor": high, "original_max_position_embeddings": original}
                cases["llama3"].append(("llama3", config(head, base, 131072, rs, partial), None))
    rng = random.Random(14)
    for head, partial in DIMS:
        pairs = int(head * (partial or 1.0)) // 2
        for base in [1e4, 1e6]:
            short = [round(1 + 2 * rng.random(), 6) for _ in range(pairs)]
            long_ = [round(1 + 60 * rng.random(), 6) for _ in range(pairs)]
            # Phi-3 style: original context as a top-level field, factor = max / original
            rs = {"rope_type": "longrope", "short_factor": short, "long_factor": long_}
            for seq_len in [None, 100, 4096, 4097, 131072]:
                cfg = config(head, base, 131072, rs, partial, original=4096)
                cases["longrope"].append(("longrope", cfg, seq_len))
            # without it: the original context is max_position_embeddings, factor from rope_scaling
            rs = {"rope_type": "longrope", "short_factor": short, "long_factor": long_, "factor": 8.0}
            for seq_len in [None, 2048, 2049]:
                cases["longrope"].append(("longrope", config(head, base, 2048, rs, partial), seq_len))
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--expect-transformers", required=True)
    args = parser.parse_args()
    if transformers.__version__ != args.expect_transformers:
        raise SystemExit(f"transformers {transformers.__version__} found, {args.expect_transformers} expected")
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for rope_type, entries in grid().items():
        out, worst32 = [], 0.0
        for _, cfg, seq_len in entries:
            inv, att, diff = run(rope_type, cfg, seq_len)
            worst32 = max(worst32, diff)
            out.append({"config": describe(cfg), "seq_len": seq_len, "inv_freq": inv, "attention_factor": att})
        doc = {
            "source": "transformers.modeling_rope_utils.ROPE_INIT_FUNCTIONS['%s'](config, None, seq_len)" % rope_type,
            "transformers_version": transformers.__version__,
            "torch_version": torch.__version__,
            "dtype": "float64 (float32 requests promoted by a TorchFunctionMode; see tools/reference/README.md)",
            "float32_max_relative_difference": worst32,
            "cases": out,
        }
        path = os.path.join(args.out, rope_type + ".json")
        with open(path, "w") as f:
            head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1)
            f.write(head[:-2] + ',\n "cases": [\n')
            f.write(",\n".join(json.dumps(c) for c in out))
            f.write("\n ]\n}\n")
        total += len(out)
        print(f"{path}: {len(out)} cases, float32 vs float64 max relative difference {worst32:.2e}")
    print(f"{total} cases, transformers {transformers.__version__}, torch {torch.__version__}")


if __name__ == "__main__":
    main()
