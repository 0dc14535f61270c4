"""Writes JSON fixtures of Hugging Face transformers' RoPE for the library's JUnit tests (dev-only).

Every case is a config.json (its RoPE fields) that transformers itself reads: the config goes through
the model type's own config class (AutoConfig.for_model, which standardises `rope_scaling` /
`rope_parameters`, fills the model type's defaults and nests them per layer type), and the
frequencies come from transformers' own code:
  * at initialisation (seq_len None): the model's own rotary-embedding module (e.g.
    LlamaRotaryEmbedding, Gemma3RotaryEmbedding), which calls its `compute_default_rope_parameters`
    or `ROPE_INIT_FUNCTIONS[rope_type]`; its `inv_freq` / `<layer_type>_inv_freq` buffer and
    `attention_scaling` are recorded;
  * at a given seq_len (dynamic, longrope): `ROPE_INIT_FUNCTIONS[rope_type](config, None, seq_len, layer_type)`.
Run through make_fixtures.sh, which pins the transformers release.

Precision: transformers builds the tensors in float32. The calls run unchanged under a torch function
mode (torch.overrides.TorchFunctionMode) that turns each float32 request into float64; a float32 tensor
produced inside the mode is an error. Each case is also run once without the mode and the largest
relative float32-vs-float64 difference per file is recorded.
"""
import argparse
import copy
import importlib
import json
import math
import os
import random

import torch
import transformers
from torch.overrides import TorchFunctionMode
from transformers import AutoConfig
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

from published_configs import PUBLISHED


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


def hf_config(cfg):
    """Returns transformers' text config for a config.json dict (read by its model type's config class)."""
    d = copy.deepcopy(cfg)
    model_type = d.pop("model_type")
    if model_type == "kimi_k2":  # Kimi K2 ships custom code; its architecture is DeepseekV3's
        model_type = "deepseek_v3"
    return AutoConfig.for_model(model_type, **d).get_text_config()


def rotary_module(config):
    """Returns the model's own text rotary-embedding module, built from the config."""
    module = importlib.import_module(type(config).__module__.replace(".configuration_", ".modeling_"))
    names = [n for n in dir(module) if n.endswith("RotaryEmbedding") and not any(k in n for k in ("Vision", "Audio"))]
    names.sort(key=lambda n: ("Text" not in n, len(n)))
    return getattr(module, names[0])(config)


def compute(cfg, layer_type, seq_len):
    """Returns (inv_freq, attention_factor, rope_type) of one layer type of a config at seq_len."""
    config = hf_config(cfg)
    params = config.rope_parameters[layer_type] if layer_type else config.rope_parameters
    rope_type = params["rope_type"]
    if seq_len is None:
        rotary = rotary_module(config)
        prefix = f"{layer_type}_" if layer_type and hasattr(rotary, f"{layer_type}_inv_freq") else ""
        inv = getattr(rotary, prefix + "inv_freq")
        att = getattr(rotary, prefix + "attention_scaling", getattr(rotary, "attention_scaling", 1.0))
        return inv, float(att), rope_type
    inv, att = ROPE_INIT_FUNCTIONS[rope_type](config, None, seq_len=seq_len, layer_type=layer_type)
    return inv, float(att), rope_type


def run(cfg, layer_type=None, seq_len=None):
    with Float64Mode():
        inv64, att64, rope_type = compute(cfg, layer_type, seq_len)
    inv32, _, _ = compute(cfg, layer_type, seq_len)
    assert inv64.dtype == torch.float64 and inv32.dtype == torch.float32, (inv64.dtype, inv32.dtype)
    diff = max((abs(a - b) / abs(a) for a, b in zip(inv64.tolist(), inv32.double().tolist()) if a != 0), default=0.0)
    return inv64.tolist(), att64, rope_type, diff


# ---- the grid: my own design, every type and parameter in both config forms

FULL = [(64, 1e4), (128, 5e5), (96, 1e6)]               # head_dim, base; model_type llama (whole head rotated)
PARTIAL = [(128, 0.5), (80, 0.4), (96, 0.3), (80, 0.33)]  # head_dim, partial_rotary_factor; model_type glm (floors 28.8, 26.4)


def base_config(model_type, head, max_pos, partial=None):
    c = {"model_type": model_type, "hidden_size": head * 4, "num_attention_heads": 4, "head_dim": head,
         "num_hidden_layers": 2, "max_position_embeddings": max_pos}
    if partial is not None:
        c["partial_rotary_factor"] = partial
    return c


def forms(model_type, head, base, max_pos, params, partial=None, original=None, legacy_key="rope_type"):
    """Yields the config in the legacy form (rope_theta + rope_scaling) and in transformers 5's (rope_parameters)."""
    legacy = base_config(model_type, head, max_pos, partial)
    legacy["rope_theta"] = base
    if original is not None:
        legacy["original_max_position_embeddings"] = original
    if params.get("rope_type") != "default" or legacy_key == "type":
        p = dict(params)
        if legacy_key == "type":
            p["type"] = p.pop("rope_type")
        legacy["rope_scaling"] = p
    yield legacy
    new = base_config(model_type, head, max_pos)
    new["rope_parameters"] = dict(params, rope_theta=base)
    if partial is not None:
        new["rope_parameters"]["partial_rotary_factor"] = partial
    if original is not None:
        new["original_max_position_embeddings"] = original
    yield new


def dims():
    for head, base in FULL:
        yield "llama", head, base, None
    for head, partial in PARTIAL:
        yield "glm", head, 1e4, partial


def grid():
    rng = random.Random(20)
    cases = []  # (file, cfg, layer_type, seq_len)
    add = lambda f, cfg, lt=None, sl=None: cases.append((f, cfg, lt, sl))
    for mt, head, base, partial in dims():
        for cfg in forms(mt, head, base, 4096, {"rope_type": "default"}, partial):
            add("default", cfg)
        for factor in [2.0, 8.0, 32.0]:
            for cfg in forms(mt, head, base, 4096, {"rope_type": "linear", "factor": factor}, partial,
                             legacy_key="type" if factor == 8.0 else "rope_type"):
                add("linear", cfg)
        for max_pos in [2048, 4096]:
            for factor in [1.0, 2.0, 8.0]:
                for i, cfg in enumerate(forms(mt, head, base, max_pos, {"rope_type": "dynamic", "factor": factor}, partial)):
                    for seq_len in ([None, 1000, max_pos, max_pos + 1, 2 * max_pos, 16 * max_pos] if i == 0 else [None, 3 * max_pos]):
                        add("dynamic", cfg, None, seq_len)
        # llama3: the published bands, equal bands (Llama 4 Scout), a wide band; own original, and a top-level one
        for factor, low, high, original in [(8.0, 1.0, 4.0, 8192), (32.0, 1.0, 4.0, 8192), (16.0, 1.0, 1.0, 8192),
                                            (4.0, 2.0, 8.0, 2048)]:
            p = {"rope_type": "llama3", "factor": factor, "low_freq_factor": low, "high_freq_factor": high,
                 "original_max_position_embeddings": original}
            for cfg in forms(mt, head, base, 131072, p, partial):
                add("llama3", cfg)
            top = {k: v for k, v in p.items() if k != "original_max_position_embeddings"}
            for cfg in forms(mt, head, base, 131072, dict(top, original_max_position_embeddings=1024), partial, original=original):
                add("llama3", cfg)
    # YaRN: every parameter, sampled from the product, in both forms
    options = {
        "factor": [1.0, 1.25, 2.0, 4.0, 16.0, 32.0, 40.0, None],
        "original": [2048, 4096, 32768],
        "betas": [None, (16.0, 2.0), (1.0, 1.0), (32.0, 32.0), (64.0, 1.0), (0, 0)],
        "truncate": [None, True, False],
        "mscale": [None, (1.0, 1.0), (0.707, 0.707), (1.0, 0.0), (2.0, 1.0), (1.0, None)],
        "attention_factor": [None, None, 1.0, 0.8],
        "where_original": ["own", "top", "none"],
    }
    seen = set()
    while len(seen) < 70:
        pick = {k: rng.choice(v) for k, v in options.items()}
        key = json.dumps(pick, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        mt, head, base, partial = rng.choice(list(dims()))
        factor = pick["factor"]
        p = {"rope_type": "yarn", "factor": factor}
        max_pos = int((factor or 8.0) * pick["original"])
        if pick["where_original"] == "own":
            p["original_max_position_embeddings"] = pick["original"]
        if pick["where_original"] == "none":
            max_pos = pick["original"]
        if pick["betas"] is not None:
            p["beta_fast"], p["beta_slow"] = pick["betas"]
        if pick["truncate"] is not None:
            p["truncate"] = pick["truncate"]
        if pick["mscale"] is not None:
            p["mscale"], p["mscale_all_dim"] = pick["mscale"]
        if pick["attention_factor"] is not None:
            p["attention_factor"] = pick["attention_factor"]
        if factor is None and pick["where_original"] == "none":
            continue
        top = pick["original"] if pick["where_original"] == "top" else None
        for cfg in forms(mt, head, base, max_pos, p, partial, original=top):
            add("yarn", cfg)
    # the silently wrong 4.51.3 readings, named: Qwen2.5's documented recipe and a YaRN factor with an original
    for factor, original, max_pos in [(4.0, 32768, 32768), (4.0, 32768, 131072), (4.0, 32768, 40960), (2.0, 4096, 32768)]:
        p = {"rope_type": "yarn", "factor": factor, "original_max_position_embeddings": original}
        for cfg in forms("llama", 128, 1e6, max_pos, p):
            add("yarn", cfg)
    # LongRoPE: Phi-3's layout (top-level original, no factor), its own original, explicit factor / attention factor
    for mt, head, base, partial in dims():
        pairs = int(head * (partial or 1.0)) // 2
        short = [round(1 + 2 * rng.random(), 6) for _ in range(pairs)]
        long_ = [round(1 + 60 * rng.random(), 6) for _ in range(pairs)]
        variants = [({}, 4096, 131072), ({"original_max_position_embeddings": 2048}, None, 65536),
                    ({"factor": 8.0}, 4096, 131072), ({"original_max_position_embeddings": 4096, "factor": 16.0}, None, 131072),
                    ({"attention_factor": 1.2}, 4096, 131072), ({}, None, 2048)]
        for extra, top, max_pos in variants:
            p = dict({"rope_type": "longrope", "short_factor": short, "long_factor": long_}, **extra)
            own = p.get("original_max_position_embeddings", top or max_pos)
            for i, cfg in enumerate(forms(mt, head, base, max_pos, p, partial, original=top)):
                for seq_len in ([None, 100, own, own + 1, 4 * own] if i == 0 else [None, own + 1]):
                    add("longrope", cfg, None, seq_len)
    # proportional (Gemma 4's full attention) through gemma4_text, nested per layer type
    for head, partial, factor, base in [(512, 0.25, None, 1e6), (256, 0.5, None, 1e6), (512, None, None, 1e6),
                                        (256, 1.0, 2.0, 1e4), (128, 0.3, None, 1e6), (512, 0.25, 4.0, 5e5)]:
        full = {"rope_type": "proportional", "rope_theta": base}
        if partial is not None:
            full["partial_rotary_factor"] = partial
        if factor is not None:
            full["factor"] = factor
        cfg = {"model_type": "gemma4_text", "hidden_size": 1024, "num_attention_heads": 4, "head_dim": 128,
               "global_head_dim": head, "num_hidden_layers": 2, "max_position_embeddings": 8192,
               "layer_types": ["sliding_attention", "full_attention"],
               "rope_parameters": {"sliding_attention": {"rope_type": "default", "rope_theta": 1e4}, "full_attention": full}}
        add("proportional", cfg, "full_attention")
        add("default", cfg, "sliding_attention")
    # nested per layer type with every scaled type (gemma3_text), in both forms (rope_scaling is full attention's)
    nested = [{"rope_type": "linear", "factor": 8.0}, {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 8192,
                                                       "truncate": False},
              {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
              {"rope_type": "dynamic", "factor": 2.0}, {"rope_type": "yarn", "factor": 8.0}]
    for p in nested:
        g = {"model_type": "gemma3_text", "hidden_size": 1024, "num_attention_heads": 4, "head_dim": 128,
             "num_hidden_layers": 6, "max_position_embeddings": 32768}
        legacy = dict(g, rope_theta=1e6, rope_local_base_freq=1e4, rope_scaling=dict(p))
        new = dict(g, layer_types=["sliding_attention"] * 5 + ["full_attention"],
                   rope_parameters={"sliding_attention": {"rope_type": "default", "rope_theta": 1e4},
                                    "full_attention": dict(p, rope_theta=1e6)})
        for cfg in (legacy, new):
            add(p["rope_type"], cfg, "full_attention")
            add("default", cfg, "sliding_attention")
    # model-type rules: GPT-NeoX's names, Phi-3's legacy "su", Qwen2-VL's "mrope", DeepSeek's rope head,
    # Gemma 3's layer types from sliding_window_pattern, Llama 4's NoPE pattern, GLM's partial default
    add("default", {"model_type": "gpt_neox", "hidden_size": 512, "num_attention_heads": 4, "rotary_emb_base": 100000.0,
                    "rotary_pct": 0.5, "max_position_embeddings": 2048})
    add("default", {"model_type": "gpt_neox", "hidden_size": 640, "num_attention_heads": 8, "rope_theta": 500000.0,
                    "max_position_embeddings": 2048})
    # Phi-3's legacy "su": transformers 5.23 validates it before renaming it to longrope, so it needs the dict's own
    # original context (KeyError without; the reader names the field), then the top-level one takes its place
    for seq_len in [None, 3000, 8192]:
        add("longrope", {"model_type": "phi3", "hidden_size": 3072, "num_attention_heads": 32, "max_position_embeddings": 131072,
                         "original_max_position_embeddings": 2048, "rope_theta": 10000.0,
                         "rope_scaling": {"type": "su", "short_factor": [1.0 + i / 96 for i in range(48)],
                                          "long_factor": [1.0 + i for i in range(48)], "original_max_position_embeddings": 4096}},
            None, seq_len)
    add("default", {"model_type": "qwen2_vl", "text_config": {"model_type": "qwen2_vl_text", "hidden_size": 3584,
                    "num_attention_heads": 28, "rope_theta": 1000000.0,
                    "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]}}})
    add("yarn", {"model_type": "deepseek_v3", "hidden_size": 2048, "num_attention_heads": 16, "qk_rope_head_dim": 32,
                 "rope_interleave": False, "max_position_embeddings": 32768, "rope_theta": 10000.0,
                 "rope_scaling": {"type": "yarn", "factor": 8.0, "mscale": 0.707, "mscale_all_dim": 0.707,
                                  "original_max_position_embeddings": 4096}})
    g = {"model_type": "gemma3_text", "hidden_size": 1152, "num_attention_heads": 4, "head_dim": 256, "num_hidden_layers": 8,
         "sliding_window_pattern": 4, "rope_theta": 1000000.0, "rope_local_base_freq": 20000.0}
    add("default", g, "sliding_attention")
    add("default", g, "full_attention")
    add("llama3", {"model_type": "llama4_text", "hidden_size": 5120, "num_attention_heads": 40, "head_dim": 128,
                   "num_hidden_layers": 4, "max_position_embeddings": 262144, "rope_theta": 500000.0,
                   "rope_scaling": {"rope_type": "llama3", "factor": 16.0, "low_freq_factor": 1.0, "high_freq_factor": 1.0,
                                    "original_max_position_embeddings": 8192}})
    add("default", {"model_type": "glm4", "hidden_size": 4096, "num_attention_heads": 32, "rope_theta": 10000.0})
    add("default", {"model_type": "stablelm", "hidden_size": 2560, "num_attention_heads": 32, "rope_theta": 10000.0})
    add("default", {"model_type": "phi", "hidden_size": 2560, "num_attention_heads": 32, "rope_theta": 10000.0})
    return cases


def write(path, rope_type, entries, published=False):
    doc = {
        "source": ("the model's own rotary embedding module (inv_freq, attention_scaling) at seq_len None, else "
                   "transformers.modeling_rope_utils.ROPE_INIT_FUNCTIONS[rope_type](config, None, seq_len, layer_type); "
                   "config from AutoConfig.for_model(model_type, **config)"),
        "transformers_version": transformers.__version__,
        "torch_version": torch.__version__,
        "dtype": "float64 (float32 requests promoted by a TorchFunctionMode; see tools/reference/README.md)",
        "float32_max_relative_difference": max((e.pop("_diff") for e in entries), default=0.0),
        "cases": entries,
    }
    with open(path, "w") as f:
        head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1)
        f.write(head[:-2] + ',\n "cases": [\n')
        f.write(",\n".join(json.dumps(c) for c in entries))
        f.write("\n ]\n}\n")
    print(f"{path}: {len(entries)} cases, float32 vs float64 max relative difference {doc['float32_max_relative_difference']:.2e}")
    return len(entries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--expect-transformers", required=True)
    args = parser.parse_args()
    if transformers.__version__ != args.expect_transformers:
        raise SystemExit(f"transformers {transformers.__version__} found, {args.expect_transformers} expected")
    os.makedirs(args.out, exist_ok=True)
    files = {}
    for file, cfg, layer_type, seq_len in grid():
        inv, att, rope_type, diff = run(cfg, layer_type, seq_len)
        assert rope_type == file, (file, rope_type, cfg)
        files.setdefault(file, []).append({"config": cfg, "layer_type": layer_type, "seq_len": seq_len, "inv_freq": inv,
                                           "attention_factor": att, "_diff": diff})
    total = sum(write(os.path.join(args.out, f + ".json"), f, e) for f, e in files.items())
    published = []
    for model in PUBLISHED:
        config = hf_config(model["config"])
        nested = config.nested_rope_parameter_keys(config.rope_parameters)
        for layer_type in (nested or [None]):
            if layer_type is not None and config.rope_parameters[layer_type] is None:
                continue
            inv, att, rope_type, diff = run(model["config"], layer_type, None)
            published.append({"model": model["model"], "source": model["source"], "config": model["config"],
                              "layer_type": layer_type, "rope_type": rope_type, "seq_len": None, "inv_freq": inv,
                              "attention_factor": att, "_diff": diff})
    total += write(os.path.join(args.out, "published.json"), "published", published)
    print(f"{total} cases, transformers {transformers.__version__}, torch {torch.__version__}")


if __name__ == "__main__":
    main()
