"""PyTorch's RoPE on the shapes of `make bench`, timed in the same invocation (dev-only reference).

Usage: python3 tools/reference/torch_rope.py OUT.json [--threads N] [--seqs 512,4096,32768] [--part rope|attention]

float32 x [1, 32, seq, 128], positions 0 … seq−1, tables built once outside the timing, as the
Java benchmark does. Two forms, written here with torch ops:
  interleaved — Meta's Llama form: pairs (2i, 2i+1) viewed as complex numbers, times e^{i·m·θ_i};
  half_split  — Hugging Face's rotate-half form: x·cos + rotate_half(x)·sin.
(The forms as in meta-llama/llama llama/model.py, apply_rotary_emb, and Hugging Face transformers
models/llama/modeling_llama.py, rotate_half / apply_rotary_pos_emb; re-written here, not copied.)
Each in three variants: as the model code writes it (allocating its result), out of place into a
preallocated output, and in place. Writes the best round's time per call of each to OUT.json.

--part attention: torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True) on
[1, 4, seq, 128] float32 and float64 (q and k already rotated: PyTorch has no fused RoPE), seqs
512,2048,8192 by default; with --once SEQ also one call at SEQ in float32 (the long-sequence check).
"""

import argparse
import json
import os
import time

import torch

HEADS, DIM, BASE = 32, 128, 10000.0


def frequencies(seq):
    """Returns the angles m·θ_i, [seq, DIM/2], computed in double and rounded to float32 after cos/sin."""
    theta = BASE ** (-torch.arange(0, DIM, 2, dtype=torch.float64) / DIM)
    return torch.outer(torch.arange(seq, dtype=torch.float64), theta)


def interleaved_variants(x, out):
    angles = frequencies(x.shape[2])
    cis = torch.polar(torch.ones_like(angles), angles).to(torch.complex64)     # e^{i·m·θ}
    xc = torch.view_as_complex(x.view(*x.shape[:-1], DIM // 2, 2))
    oc = torch.view_as_complex(out.view(*out.shape[:-1], DIM // 2, 2))

    def as_written():
        pairs = torch.view_as_complex(x.float().reshape(*x.shape[:-1], -1, 2))
        return torch.view_as_real(pairs * cis).flatten(3)

    def into_out():
        return torch.mul(xc, cis, out=oc)

    def in_place():
        return xc.mul_(cis)

    return {"as written": as_written, "out=": into_out, "in place": in_place}


def half_split_variants(x, out):
    angles = frequencies(x.shape[2])
    half_cos, half_sin = torch.cos(angles).float(), torch.sin(angles).float()   # [seq, 64]
    cos, sin = torch.cat((half_cos, half_cos), -1), torch.cat((half_sin, half_sin), -1)
    h = DIM // 2
    x1, x2 = x[..., :h], x[..., h:]
    o1, o2 = out[..., :h], out[..., h:]
    scratch = torch.empty_like(x1)

    def rotate_half(t):
        return torch.cat((-t[..., h:], t[..., :h]), dim=-1)

    def as_written():
        return x * cos + rotate_half(x) * sin

    def into_out():
        torch.mul(x1, half_cos, out=o1)
        o1.addcmul_(x2, half_sin, value=-1)
        torch.mul(x2, half_cos, out=o2)
        return o2.addcmul_(x1, half_sin)

    def in_place():
        scratch.copy_(x1)
        x1.mul_(half_cos).addcmul_(x2, half_sin, value=-1)
        return x2.mul_(half_cos).addcmul_(scratch, half_sin)

    return {"as written": as_written, "out=": into_out, "in place": in_place}


def check_variants(variants_of):
    """Raises unless every variant gives the as-written result on a small input (seq 16)."""
    x = torch.rand(1, 2, 16, DIM)
    expected = variants_of(x.clone(), torch.empty_like(x))["as written"]()
    for name in ("out=", "in place"):
        x_copy, out = x.clone(), torch.empty_like(x)
        variants_of(x_copy, out)[name]()
        got = out if name == "out=" else x_copy
        err = (got - expected).abs().max().item()
        if err > 1e-5:
            raise AssertionError(f"{variants_of.__name__} {name}: differs from the as-written form by {err}")


def best_seconds(call, min_time=2.0, rounds=8):
    """Returns the best over `rounds` of the mean time per call, each round running ≥ min_time/rounds (the
    machine may be shared: the best round is the least disturbed one, as the Java side reports)."""
    for _ in range(3):
        call()
    means = []
    for _ in range(rounds):
        n, start = 0, time.perf_counter()
        while True:
            call()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time / rounds:
                break
        means.append(elapsed / n)
    return min(means)


def attention(args):
    """Times PyTorch's causal scaled_dot_product_attention on the shapes of the Java AttentionBench."""
    import torch.nn.functional as F
    results = {"torch": torch.__version__, "threads": torch.get_num_threads(), "times": []}
    q, k, v = (torch.randn(1, 2, 40, 16, dtype=torch.float64) for _ in range(3))
    scores = (q @ k.transpose(-1, -2)) / 4 + torch.triu(torch.full((40, 40), float("-inf"), dtype=torch.float64), 1)
    err = (F.scaled_dot_product_attention(q, k, v, is_causal=True) - torch.softmax(scores, -1) @ v).abs().max().item()
    if err > 1e-12:
        raise AssertionError(f"scaled_dot_product_attention differs from softmax(QKᵀ/√d + M)·V by {err}")
    for seq in [int(s) for s in (args.seqs or "512,2048,8192").split(",")]:
        for dtype in (torch.float32, torch.float64):
            q, k, v = (torch.randn(1, 4, seq, 128, dtype=dtype) for _ in range(3))
            seconds = best_seconds(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True), min_time=4.0, rounds=5)
            name = str(dtype).replace("torch.", "")
            results["times"].append({"seq": seq, "dtype": name, "ms": seconds * 1e3})
            print(f"torch sdpa {name} seq {seq:6} {seconds * 1e3:9.2f} ms", flush=True)
    if args.once:
        q, k, v = (torch.randn(1, 4, args.once, 128) for _ in range(3))
        start = time.perf_counter()
        F.scaled_dot_product_attention(q, k, v, is_causal=True)
        ms = (time.perf_counter() - start) * 1e3
        results["once"] = {"seq": args.once, "dtype": "float32", "ms": ms}
        print(f"torch sdpa float32 seq {args.once} once {ms:.0f} ms", flush=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--seqs", default=None)
    parser.add_argument("--part", choices=("rope", "attention"), default="rope")
    parser.add_argument("--once", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(8)
    if args.part == "attention":
        attention(args)
        return
    args.seqs = args.seqs or "512,4096,32768"
    for variants_of in (interleaved_variants, half_split_variants):
        check_variants(variants_of)
    results = {"torch": torch.__version__, "threads": torch.get_num_threads(), "times": []}
    for seq in [int(s) for s in args.seqs.split(",")]:
        for pairing, variants in (("INTERLEAVED", interleaved_variants), ("HALF_SPLIT", half_split_variants)):
            x = torch.rand(1, HEADS, seq, DIM)
            out = torch.empty_like(x)
            for name, call in variants(x, out).items():
                seconds = best_seconds(call)
                results["times"].append({"seq": seq, "pairing": pairing, "variant": name, "ms": seconds * 1e3})
                print(f"torch {pairing:11} seq {seq:6} {name:10} {seconds * 1e3:9.3f} ms", flush=True)
            del x, out
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
