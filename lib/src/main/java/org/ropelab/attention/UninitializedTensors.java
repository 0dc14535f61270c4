package org.ropelab.attention;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * New C-ordered tensors whose memory is allocated and not touched: the pages are mapped by the first
 * write, on whichever core writes them. ND4J's {@code Nd4j.createUninitialized} writes every page on the
 * calling thread (measured: 131 073 minor page faults for a 512 MiB float tensor before the first element is
 * written); a kernel that fills a tensor from this class takes the same faults spread over its threads.
 * The memory comes from {@link NativeBlocks}: a block of the same size that an unreachable tensor gave back
 * (its pages already mapped), or a fresh one whose pages every core maps ahead ({@link PageMapping}).
 */
public final class UninitializedTensors {
    private static final Cleaner CLEANER = Cleaner.create();

    private UninitializedTensors() {
    }

    /** Returns a new dense C-ordered FLOAT or DOUBLE tensor of {@code shape} (each axis ≥ 1) with unspecified contents. */
    public static INDArray of(DataType type, long... shape) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("type must be FLOAT or DOUBLE, got " + type);
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("shape must name at least one axis, got " + (shape == null ? "null" : "none"));
        }
        long n = 1;
        for (long axis : shape) {
            if (axis < 1) {
                throw new IllegalArgumentException("shape must have every axis ≥ 1, got " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, axis);
        }
        long bytes = Math.multiplyExact(n, type == DataType.FLOAT ? 4L : 8L);
        Pointer memory = NativeBlocks.take(bytes);
        DataBuffer buffer;
        if (type == DataType.FLOAT) {
            FloatPointer p = new FloatPointer(memory).capacity(n).limit(n);
            buffer = Nd4j.createBuffer(p, type, n, FloatIndexer.create(p));
        } else {
            DoublePointer p = new DoublePointer(memory).capacity(n).limit(n);
            buffer = Nd4j.createBuffer(p, type, n, DoubleIndexer.create(p));
        }
        CLEANER.register(buffer, () -> NativeBlocks.give(memory, bytes));     // the memory lives as long as the buffer
        long[] stride = new long[shape.length];
        long step = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            stride[k] = step;
            step *= shape[k];
        }
        return Nd4j.create(buffer, shape.clone(), stride, 0, 'c', type);
    }
}
