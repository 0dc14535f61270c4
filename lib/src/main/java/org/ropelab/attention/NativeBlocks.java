package org.ropelab.attention;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;

/**
 * Native memory for {@link UninitializedTensors}, kept for reuse. A tensor's block comes back (through a
 * {@code Cleaner}) once its data buffer is unreachable, which the JVM learns only at a garbage collection; it
 * then waits here, pages mapped, for the next tensor of the same byte size (up to {@link #KEPT} bytes, the
 * rest is freed). A fresh block is {@code malloc}ed and, from {@link #MAP_AHEAD} bytes, its pages mapped
 * ahead by every core ({@link PageMapping}). When the blocks out in tensors pass {@link #BUDGET} bytes, the JVM is asked for a
 * collection ({@code System.gc()}), as JavaCPP does past its own limit, so that dead tensors give their
 * blocks back instead of the process growing.
 */
final class NativeBlocks {
    /** Bytes out in tensors, dead or alive, past which a collection is asked for. */
    static final long BUDGET = Math.max(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    /** Bytes of returned blocks kept for reuse. */
    static final long KEPT = BUDGET / 2;
    /** Fresh blocks from this size have their pages mapped ahead; smaller ones take their few faults. */
    static final long MAP_AHEAD = 1L << 20;
    private static final AtomicLong OUT = new AtomicLong();
    private static final Map<Long, ArrayDeque<Pointer>> FREE = new HashMap<>();
    private static long kept;

    private NativeBlocks() {
    }

    /** Returns a block of {@code bytes} (≥ 1): a kept one of that size, else a fresh one (pages mapped from {@link #MAP_AHEAD}). */
    static Pointer take(long bytes) {
        if (OUT.addAndGet(bytes) > BUDGET) {
            System.gc();
        }
        synchronized (FREE) {
            ArrayDeque<Pointer> same = FREE.get(bytes);
            if (same != null && !same.isEmpty()) {
                kept -= bytes;
                return same.pop();
            }
        }
        Pointer p = Pointer.malloc(bytes);
        if (p == null || p.isNull()) {
            OUT.addAndGet(-bytes);
            throw new OutOfMemoryError("malloc of " + bytes + " bytes for a tensor failed");
        }
        if (bytes >= MAP_AHEAD) {
            PageMapping.populate(p.address(), bytes);
        }
        return p;
    }

    /** Takes back a block of {@code bytes} whose tensor is unreachable: kept for reuse while under {@link #KEPT}, else freed. */
    static void give(Pointer block, long bytes) {
        OUT.addAndGet(-bytes);
        synchronized (FREE) {
            if (kept + bytes <= KEPT) {
                FREE.computeIfAbsent(bytes, b -> new ArrayDeque<>()).push(block);
                kept += bytes;
                return;
            }
        }
        Pointer.free(block);
    }

    /** Returns the bytes out in tensors not yet given back. */
    static long out() {
        return OUT.get();
    }
}
