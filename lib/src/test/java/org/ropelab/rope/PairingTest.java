package org.ropelab.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PairingTest {

    @Test
    void membersOfEachLayout() {
        assertArrayEquals(new int[] {6, 7}, Pairing.INTERLEAVED.members(3, 8));
        assertArrayEquals(new int[] {3, 7}, Pairing.HALF_SPLIT.members(3, 8));
    }

    @Test
    void interleavedToHalfSplitTakesTheEvenComponentsThenTheOdd() {
        // the reordering used when Llama checkpoints are converted to the rotate-half layout
        assertArrayEquals(new int[] {0, 2, 4, 6, 1, 3, 5, 7}, Pairing.INTERLEAVED.permutationTo(Pairing.HALF_SPLIT, 8, 8));
        assertArrayEquals(new int[] {0, 4, 1, 5, 2, 6, 3, 7}, Pairing.HALF_SPLIT.permutationTo(Pairing.INTERLEAVED, 8, 8));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Pairing.HALF_SPLIT.permutationTo(Pairing.HALF_SPLIT, 6, 6));
    }

    @Test
    void unrotatedComponentsStayInPlace() {
        assertArrayEquals(new int[] {0, 2, 1, 3, 4, 5}, Pairing.INTERLEAVED.permutationTo(Pairing.HALF_SPLIT, 4, 6));
    }

    @Test
    void badIndicesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Pairing.INTERLEAVED.members(4, 8));
        assertThrows(IllegalArgumentException.class, () -> Pairing.INTERLEAVED.members(0, 7));
        assertThrows(IllegalArgumentException.class, () -> Pairing.HALF_SPLIT.permutationTo(Pairing.INTERLEAVED, 8, 6));
    }
}
