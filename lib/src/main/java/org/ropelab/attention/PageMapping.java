package org.ropelab.attention;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.stream.IntStream;

/**
 * Maps the pages of fresh memory ahead of its first write, with Linux's {@code madvise(addr, len,
 * MADV_POPULATE_WRITE)} (kernel 5.14 and later) called through JNA by every core on its share of the pages:
 * one system call per core instead of a fault per 4 KiB page while a kernel writes. Elsewhere (another system,
 * an older kernel, no JNA) it does nothing and the pages are mapped by the faults of the first write.
 */
final class PageMapping {
    private static final int MADV_POPULATE_WRITE = 23;
    private static final long PAGE = 4096;
    private static volatile boolean available = linkC();

    private PageMapping() {
    }

    private static native int madvise(Pointer address, long length, int advice);

    private static boolean linkC() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return false;
        }
        try {
            Native.register("c");
            return true;
        } catch (Throwable e) {          // no JNA native part for this platform: keep the faults
            return false;
        }
    }

    /** Returns whether the pages of new memory are mapped ahead here (Linux with MADV_POPULATE_WRITE). */
    static boolean available() {
        return available;
    }

    /** Maps the whole pages of {@code [address, address + bytes)} for writing, split across the cores. */
    static void populate(long address, long bytes) {
        if (!available) {
            return;
        }
        long first = (address + PAGE - 1) & -PAGE;
        long pages = ((address + bytes) & -PAGE) - first;
        int cores = Runtime.getRuntime().availableProcessors();
        long share = (pages / PAGE + cores - 1) / cores * PAGE;
        if (share == 0) {
            return;
        }
        boolean ok = IntStream.range(0, cores).parallel().allMatch(c -> {
            long from = first + c * share;
            long length = Math.min(share, first + pages - from);
            return length <= 0 || madvise(new Pointer(from), length, MADV_POPULATE_WRITE) == 0;
        });
        if (!ok) {
            available = false;           // EINVAL before Linux 5.14: the first write maps the pages instead
        }
    }
}
