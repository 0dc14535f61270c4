"""The RoPE fields of published model configs, each with where it was looked up (the `search` tool of the
ropelab sessions: a repository and path, or an issue / pull-request thread).

Only the fields a source gave are written; a field no source gave is left out, so transformers' config class
fills its default (said in `note`). Where a config needs a layer count or layer types only to hold one layer
of each type, a two-layer stand-in is used and said so: it changes no frequency.
"""
SLIME = "zyzshishui/slime scripts/models/"
LLAMA3_BANDS = ("lablup/mlxcel issue #1355 (every Llama 3.1/3.2/3.3 config declares rope_scaling rope_type llama3, "
                "factor 8.0 (32.0 on 3.2-1B/3B), low_freq_factor 1.0, high_freq_factor 4.0, original_max_position_embeddings 8192)")
INSPECTOR = "ParagEkbote/hf-model-inspector model_inspection_report.md"
TWO_LAYERS = {"num_hidden_layers": 2, "layer_types": ["sliding_attention", "full_attention"]}

PUBLISHED = [
    {"model": "Llama 2 7B",
     "source": "meta-llama/llama llama/model.py (precompute_freqs_cis theta 10000.0); microsoft/Olive examples/llm/config.py "
               "(Llama-2-7b: head_dim 128, max_position_embeddings 4096) — as cited in published-configs.csv",
     "config": {"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "max_position_embeddings": 4096,
                "rope_theta": 10000.0}},
    {"model": "Llama 3.1 8B",
     "source": SLIME + "llama3.1-8B.sh (32 layers, hidden 4096, 32 heads, kv-channels 128, max 131072, rotary base 500000, "
               "scaling factor 8.0); " + LLAMA3_BANDS,
     "config": {"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "head_dim": 128, "num_hidden_layers": 32,
                "max_position_embeddings": 131072, "rope_theta": 500000.0,
                "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                 "original_max_position_embeddings": 8192}}},
    {"model": "Llama 3.2 3B",
     "source": SLIME + "llama3.2-3B-Instruct-amd.sh (28 layers, hidden 3072, 24 heads, kv-channels 128, max 131072, rotary base "
               "500000, scaling factor 32.0); " + LLAMA3_BANDS + "; meta-llama/llama-models issue #166 (32 is the 3.2 factor)",
     "config": {"model_type": "llama", "hidden_size": 3072, "num_attention_heads": 24, "head_dim": 128, "num_hidden_layers": 28,
                "max_position_embeddings": 131072, "rope_theta": 500000.0,
                "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                 "original_max_position_embeddings": 8192}}},
    {"model": "Mistral 7B v0.1",
     "source": "mistralai/mistral-inference mistral/rope.py and mistral/model.py (theta 10000.0, head_dim 128) — as cited in "
               "published-configs.csv; max_position_embeddings not given (transformers' default applies, unused by default RoPE)",
     "config": {"model_type": "mistral", "hidden_size": 4096, "num_attention_heads": 32, "head_dim": 128, "rope_theta": 10000.0}},
    {"model": "GPT-NeoX 20B",
     "source": "EleutherAI/gpt-neox configs/20B.yml (hidden 6144, 64 heads, rotary_pct 0.25, seq 2048) and megatron/model/"
               "positional_embeddings.py (base 10000 default) — as cited in published-configs.csv; rotary_emb_base left out, "
               "so transformers' default 10000 applies",
     "config": {"model_type": "gpt_neox", "hidden_size": 6144, "num_attention_heads": 64, "max_position_embeddings": 2048,
                "rotary_pct": 0.25}},
    {"model": "Qwen2.5-7B-Instruct with its YaRN recipe",
     "source": SLIME + "qwen2.5-7B.sh (28 layers, hidden 3584, 28 heads, rotary base 1000000); catman626/tame-llm "
               "sglang/launch-sglang.sh (Qwen2.5-7B-Instruct rope_scaling override rope_type yarn, factor 4.0, "
               "original_max_position_embeddings 32768); max_position_embeddings not given (Qwen2Config default)",
     "config": {"model_type": "qwen2", "hidden_size": 3584, "num_attention_heads": 28, "num_hidden_layers": 28,
                "rope_theta": 1000000.0,
                "rope_scaling": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}}},
    {"model": "Qwen3-8B",
     "source": SLIME + "qwen3-8B.sh (36 layers, hidden 4096, 32 heads, kv-channels 128, rotary base 1000000)",
     "config": {"model_type": "qwen3", "hidden_size": 4096, "num_attention_heads": 32, "head_dim": 128, "num_hidden_layers": 36,
                "rope_theta": 1000000.0}},
    {"model": "Qwen3-4B (config.json with rope_theta 5000000, max 262144)",
     "source": "akougkas/warpio-cli warpio-docs/ai-docs/model_cards/qwen3:4b.md (config.json: head_dim 128, hidden 2560, "
               "32 heads, 36 layers, max_position_embeddings 262144, rope_scaling null, rope_theta 5000000)",
     "config": {"model_type": "qwen3", "hidden_size": 2560, "num_attention_heads": 32, "head_dim": 128, "num_hidden_layers": 36,
                "max_position_embeddings": 262144, "rope_scaling": None, "rope_theta": 5000000.0}},
    {"model": "DeepSeek-V3",
     "source": SLIME + "deepseek-v3.sh (61 layers, hidden 7168, 128 heads, qk-pos-emb-head-dim 64, rotary-scaling-factor 40, "
               "rotary-base 10000, mscale 1.0, mscale-all-dim 1.0); arcee-ai/NeMo-RL nemo_rl/models/custom/deepseekv3/args.py "
               "(YaRN original_seq_len 4096, beta_fast 32, beta_slow 1); max_position_embeddings not given (DeepseekV3Config default)",
     "config": {"model_type": "deepseek_v3", "hidden_size": 7168, "num_attention_heads": 128, "num_hidden_layers": 61,
                "qk_rope_head_dim": 64, "rope_theta": 10000.0,
                "rope_scaling": {"type": "yarn", "factor": 40.0, "beta_fast": 32, "beta_slow": 1, "mscale": 1.0,
                                 "mscale_all_dim": 1.0, "original_max_position_embeddings": 4096}}},
    {"model": "Kimi K2 Instruct 0905",
     "source": INSPECTOR + " (moonshotai/Kimi-K2-Instruct-0905: hidden 7168, 61 layers, 64 heads, rope_theta 50000.0, rope_scaling "
               "beta_fast 1.0, beta_slow 1.0, factor 64.0, mscale 1.0, mscale_all_dim 1.0, original 4096, type yarn); "
               + SLIME + "kimi-k2.sh (qk-pos-emb-head-dim 64). transformers 5.23 has no kimi_k2 type; the fixture reads it "
               "with DeepseekV3Config, the architecture it declares",
     "config": {"model_type": "kimi_k2", "hidden_size": 7168, "num_attention_heads": 64, "num_hidden_layers": 61,
                "qk_rope_head_dim": 64, "rope_theta": 50000.0,
                "rope_scaling": {"beta_fast": 1.0, "beta_slow": 1.0, "factor": 64.0, "mscale": 1.0, "mscale_all_dim": 1.0,
                                 "original_max_position_embeddings": 4096, "type": "yarn"}}},
    {"model": "gpt-oss-20b",
     "source": INSPECTOR + " (openai/gpt-oss-20b: hidden 2880, 24 layers, 64 heads, max 131072, rope_theta 150000, rope_scaling "
               "beta_fast 32.0, beta_slow 1.0, factor 32.0, original 4096, rope_type yarn, truncate False); EchoCog/gpt-oss-20b "
               "docs/gpt-oss-20b-architecture.md (head_dim 64, even layers sliding, odd full)",
     "config": {"model_type": "gpt_oss", "hidden_size": 2880, "num_attention_heads": 64, "head_dim": 64, "num_hidden_layers": 24,
                "max_position_embeddings": 131072, "rope_theta": 150000.0,
                "rope_scaling": {"beta_fast": 32.0, "beta_slow": 1.0, "factor": 32.0, "original_max_position_embeddings": 4096,
                                 "rope_type": "yarn", "truncate": False}}},
    {"model": "GLM-4-9B",
     "source": SLIME + "glm4-9B.sh (40 layers, hidden 4096, 32 heads, rotary base 10000, rotary-percent 0.5, rotary-interleaved; "
               "head_dim = 4096/32)",
     "config": {"model_type": "glm4", "hidden_size": 4096, "num_attention_heads": 32, "head_dim": 128, "num_hidden_layers": 40,
                "rope_theta": 10000.0, "partial_rotary_factor": 0.5}},
    {"model": "Gemma 3 (4B and up, text)",
     "source": "huggingface/transformers PR #41922 (Gemma 3 rope_parameters: local default at 10000.0, global linear(8.0) at "
               "1000000.0); lablup/mlxcel issue #1340 (from 4B up rope_scaling linear 8.0 on the global layers only, sliding "
               "layers at rope_local_base_freq). head_dim not given (Gemma3TextConfig default 256); two-layer stand-in",
     "config": dict({"model_type": "gemma3_text", "hidden_size": 2560, "num_attention_heads": 8, "rope_theta": 1000000.0,
                     "rope_local_base_freq": 10000.0, "rope_scaling": {"rope_type": "linear", "factor": 8.0}}, **TWO_LAYERS)},
    {"model": "Gemma 4 (26B-A4B, 31B: global and sliding layers)",
     "source": "NVIDIA-NeMo/Megatron-Bridge issue #4195 (all Gemma 4 variants: global layers rope_type proportional, inv_freq of "
               "head_dim//2 = 256 entries, 64 real then zeros, partial 0.25); jagmarques/nexusquant PR #12 (global: proportional, "
               "partial_rotary_factor 0.25, rope_theta 1e6); google/gemma.cpp issue #986 (Gemma 4: 10000 local, 1e6 global); "
               "trymirai/lalamo PR #197 (global_head_dim 512). Sliding head_dim not given (Gemma4TextConfig default 256); "
               "two-layer stand-in",
     "config": dict({"model_type": "gemma4_text", "hidden_size": 2048, "num_attention_heads": 8, "global_head_dim": 512,
                     "rope_parameters": {"sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                                         "full_attention": {"rope_type": "proportional", "partial_rotary_factor": 0.25,
                                                            "rope_theta": 1000000.0}}}, **TWO_LAYERS)},
    {"model": "Qwen3-VL (2B-class text config, transformers 5.1.0 form)",
     "source": "xorbitsai/inference issue #4592 (a Qwen3VLConfig as printed: text_config model_type qwen3_vl_text, hidden 2048, "
               "16 heads, head_dim 128, 28 layers, max_position_embeddings 262144, rope_parameters mrope_interleaved true, "
               "mrope_section [24, 20, 20], rope_theta 5000000, rope_type default; transformers_version 5.1.0)",
     "config": {"model_type": "qwen3_vl", "text_config": {"model_type": "qwen3_vl_text", "hidden_size": 2048,
                "num_attention_heads": 16, "head_dim": 128, "num_hidden_layers": 28, "max_position_embeddings": 262144,
                "rope_parameters": {"mrope_interleaved": True, "mrope_section": [24, 20, 20], "rope_theta": 5000000,
                                    "rope_type": "default"}}}},
]
