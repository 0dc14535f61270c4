package org.ropelab.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** New tensors on untouched memory behave as ND4J's own: C order, the asked type and shape, values written are read back. */
class UninitializedTensorsTest {
    @Test
    void holdsWhatIsWrittenInCOrder() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray t = UninitializedTensors.of(type, 2, 3, 4);
            assertEquals(type, t.dataType());
            assertArrayEquals(new long[] {2, 3, 4}, t.shape());
            assertArrayEquals(new long[] {12, 4, 1}, t.stride());
            INDArray values = Nd4j.arange(24).castTo(type).reshape('c', 2, 3, 4);
            t.assign(values);
            assertEquals(0, t.sub(values).amaxNumber().doubleValue(), 0);
            assertEquals(1 * 12 + 2 * 4 + 3, t.getDouble(1, 2, 3), 0);      // element (1, 2, 3) at C offset 23
            assertEquals(23, t.data().getDouble(23), 0);                      // the buffer itself in C order
        }
    }
}
