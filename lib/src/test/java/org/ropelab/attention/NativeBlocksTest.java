package org.ropelab.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** The pool behind {@link UninitializedTensors}, and the pages mapped ahead, counted by the kernel's own fault counter. */
class NativeBlocksTest {
    /** A block given back is handed out again for the same size, and the bytes out return to where they were. */
    @Test
    void reusesAGivenBackBlockOfTheSameSize() {
        long bytes = 3 * 4096 + 8;
        long before = NativeBlocks.out();
        Pointer a = NativeBlocks.take(bytes);
        assertEquals(before + bytes, NativeBlocks.out());
        NativeBlocks.give(a, bytes);
        assertEquals(before, NativeBlocks.out());
        Pointer b = NativeBlocks.take(bytes);
        assertEquals(a.address(), b.address());
        Pointer c = NativeBlocks.take(bytes);
        assertTrue(c.address() != b.address(), "a second block of the size while the first is out");
        NativeBlocks.give(b, bytes);
        NativeBlocks.give(c, bytes);
    }

    /**
     * Writing every page of 64 MiB after {@link PageMapping#populate} takes few minor faults (the pages are mapped;
     * the count is the whole process's, JVM threads included: at most a tenth of the pages); writing fresh
     * {@code malloc}ed memory takes about one per page (at least half). Read from /proc/self/stat (Linux).
     */
    @Test
    void populatedPagesTakeNoFaultsWhenWritten() throws IOException {
        assumeTrue(PageMapping.available(), "madvise(MADV_POPULATE_WRITE) is not available here");
        long bytes = 64L << 20;
        long pages = bytes / 4096;
        BytePointer warmUp = new BytePointer(Pointer.malloc(1 << 20)).capacity(1 << 20);
        for (int round = 0; round < 200; round++) {
            touch(warmUp, 1 << 20);       // the loop compiled before counting: the count is the whole process's
        }
        Pointer.free(warmUp);
        BytePointer fresh = new BytePointer(Pointer.malloc(bytes)).capacity(bytes);
        long faults = minorFaults();
        touch(fresh, bytes);
        long freshFaults = minorFaults() - faults;
        BytePointer mapped = new BytePointer(Pointer.malloc(bytes)).capacity(bytes);
        PageMapping.populate(mapped.address(), bytes);
        faults = minorFaults();
        touch(mapped, bytes);
        long mappedFaults = minorFaults() - faults;
        Pointer.free(fresh);
        Pointer.free(mapped);
        assertTrue(freshFaults >= pages / 2, "fresh memory: " + freshFaults + " faults for " + pages + " pages");
        assertTrue(mappedFaults <= pages / 10, "populated memory: " + mappedFaults + " faults for " + pages + " pages");
    }

    private static void touch(BytePointer p, long bytes) {
        for (long at = 0; at < bytes; at += 4096) {
            p.put(at, (byte) 1);
        }
    }

    /** The process's minor page faults, field 10 of /proc/self/stat. */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
