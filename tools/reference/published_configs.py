"""The RoPE fields of published model configs, each with where they were looked up (filled in below)."""
PUBLISHED = []
