package org.ropelab.geometry;

import java.util.Random;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SchurTransformer;

/**
 * Rotation matrices: the 2-D {@code R(θ)}, RoPE's block-diagonal {@code R^d_{Θ,m}}, random
 * rotations and reflections of any dimension, the tests that tell them apart, and the passage
 * between a rotation and its skew-symmetric generator, {@code M = exp(A)}, {@code Aᵀ = −A}.
 */
public final class Rotations {
    /** Largest {@code max|MᵀM − I|} accepted where a rotation is required: far above rounding, far below any real defect. */
    static final double ORTHOGONALITY_TOLERANCE = 1e-9;
    /** Higham's (2005) bound θ₁₃ on {@code ‖A‖₁} below which the degree-13 Padé approximant of {@code exp} is exact to rounding. */
    private static final double PADE_13_NORM = 5.371920351148152;
    /** Sub-diagonal entry of the Schur form above which two rows form a {@code 2×2} block; Hipparchus deflates at rounding level. */
    private static final double SCHUR_BLOCK_TOLERANCE = 1e-12;

    private Rotations() {
    }

    /** Returns the 2-D rotation by {@code theta} radians, counter-clockwise: {@code [[cos θ, −sin θ], [sin θ, cos θ]]}. */
    public static double[][] r(double theta) {
        if (!Double.isFinite(theta)) {
            throw new IllegalArgumentException("theta must be finite, got " + theta);
        }
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        return new double[][] {{c, -s}, {s, c}};
    }

    /**
     * Returns the block-diagonal rotation {@code diag(R(φ₀), R(φ₁), …)} of size {@code 2·angles.length}:
     * pair {@code i} (rows and columns {@code 2i, 2i+1}) is turned by {@code φ_i}. With
     * {@code φ_i = m·θ_i} this is RoPE's {@code R^d_{Θ,m}}.
     */
    public static double[][] blockDiagonal(double... angles) {
        if (angles == null || angles.length == 0) {
            throw new IllegalArgumentException("angles must hold at least one angle, got none");
        }
        int d = 2 * angles.length;
        double[][] m = new double[d][d];
        for (int i = 0; i < angles.length; i++) {
            if (!Double.isFinite(angles[i])) {
                throw new IllegalArgumentException("angles[" + i + "] must be finite, got " + angles[i]);
            }
            double[][] block = r(angles[i]);
            m[2 * i][2 * i] = block[0][0];
            m[2 * i][2 * i + 1] = block[0][1];
            m[2 * i + 1][2 * i] = block[1][0];
            m[2 * i + 1][2 * i + 1] = block[1][1];
        }
        return m;
    }

    /**
     * Returns a random {@code n×n} rotation: the orthogonal factor {@code Q} of the QR decomposition
     * of a Gaussian matrix, its columns' signs fixed by {@code diag R > 0}, and the first column
     * negated if that leaves {@code det Q = −1}. It does not use the matrix exponential.
     */
    public static double[][] random(int n, Random rng) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be at least 2 for a rotation to turn anything, got " + n);
        }
        QRDecomposition qr = new QRDecomposition(Matrices.real(Matrices.gaussian(n, n, rng)));
        double[][] q = qr.getQ().getData();
        double[][] rr = qr.getR().getData();
        for (int j = 0; j < n; j++) {
            if (rr[j][j] < 0) {
                for (double[] row : q) {
                    row[j] = -row[j];
                }
            }
        }
        if (Matrices.determinant(q) < 0) {
            for (double[] row : q) {
                row[0] = -row[0];
            }
        }
        return q;
    }

    /** Returns the reflection through the hyperplane orthogonal to {@code normal}: {@code H = I − 2nnᵀ/(nᵀn)}, {@code det H = −1}. */
    public static double[][] reflection(double[] normal) {
        double length = Matrices.norm(normal);
        if (!(length > 0) || Double.isInfinite(length)) {
            throw new IllegalArgumentException("normal must be a finite non-zero vector, got length " + length);
        }
        int n = normal.length;
        double[][] h = Matrices.identity(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] -= 2 * normal[i] * normal[j] / (length * length);
            }
        }
        return h;
    }

    /** Returns {@code max_ij |(MᵀM − I)_ij|}: zero exactly when the columns of {@code M} are orthonormal. */
    public static double orthogonalityError(double[][] m) {
        Matrices.requireSquare("m", m);
        return Matrices.maxAbsDifference(Matrices.multiply(Matrices.transpose(m), m), Matrices.identity(m.length));
    }

    /** Returns whether {@code M} is a rotation: {@code max|MᵀM − I| ≤ tolerance} and {@code |det M − 1| ≤ tolerance}. */
    public static boolean isRotation(double[][] m, double tolerance) {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
        }
        return orthogonalityError(m) <= tolerance && Math.abs(Matrices.determinant(m) - 1) <= tolerance;
    }

    /**
     * Returns the matrix exponential {@code exp(A) = Σ Aᵏ/k!} of a skew-symmetric {@code A}, a rotation,
     * by scaling and squaring: {@code exp(A) = exp(A/2ˢ)^(2ˢ)} with {@code s} the least power that brings
     * {@code ‖A/2ˢ‖₁} to at most {@code θ₁₃ = 5.37}, where Hipparchus' degree-13 Padé approximant
     * (Higham 2005) is accurate to rounding. The scaling is done here because Hipparchus 4.0.2 rounds
     * {@code log₂(‖A‖₁/θ₁₃)} down instead of up, so for {@code ‖A‖₁ > θ₁₃} it may square too few
     * times (measured error 6e-9 at {@code ‖A‖₁ = 20} when called directly).
     */
    public static double[][] exp(double[][] a) {
        requireSkewSymmetric("a", a);
        RealMatrix m = Matrices.real(a);
        double norm = m.getNorm1();
        int s = norm > PADE_13_NORM ? Math.getExponent(norm / PADE_13_NORM) + 1 : 0;
        RealMatrix e = MatrixUtils.matrixExponential(m.scalarMultiply(Math.scalb(1.0, -s)));
        for (int i = 0; i < s; i++) {
            e = e.multiply(e);
        }
        return e.getData();
    }

    /**
     * Returns the principal skew-symmetric generator {@code A} of the rotation {@code M}: {@code exp(A) = M}
     * with every plane turned by an angle {@code φ ∈ (−π, π)}. For a rotation the real Schur form
     * {@code M = P T Pᵀ} (Hipparchus) is block diagonal, with {@code 2×2} blocks {@code R(φ_j)} and
     * {@code 1×1} blocks {@code ±1}; so {@code A = P·diag(φ_j J, 0)·Pᵀ}, {@code J = [[0, −1], [1, 0]]},
     * {@code φ_j = atan2(sin, cos)} of block {@code j}. A half turn (a block {@code −1}) has no unique
     * generator and is rejected.
     */
    public static double[][] log(double[][] m) {
        Matrices.requireSquare("m", m);
        double orthogonality = orthogonalityError(m);
        double det = Matrices.determinant(m);
        if (!(orthogonality <= ORTHOGONALITY_TOLERANCE) || !(det > 0)) {
            throw new IllegalArgumentException("m must be a rotation (MᵀM = I, det M = +1), got max|MᵀM − I| = "
                    + orthogonality + " and det M = " + det);
        }
        SchurTransformer schur = new SchurTransformer(Matrices.real(m));
        double[][] t = schur.getT().getData();
        int n = m.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && Math.abs(t[i + 1][i]) > SCHUR_BLOCK_TOLERANCE) {
                double phi = Math.atan2((t[i + 1][i] - t[i][i + 1]) / 2, (t[i][i] + t[i + 1][i + 1]) / 2);
                g[i][i + 1] = -phi;
                g[i + 1][i] = phi;
                i++;
            } else if (t[i][i] < 0) {
                throw new IllegalArgumentException("m turns a plane by a half turn (eigenvalue " + t[i][i]
                        + "), where its skew-symmetric generator is not unique");
            }
        }
        RealMatrix a = schur.getP().multiply(Matrices.real(g)).multiply(schur.getPT());
        return Matrices.skewPart(a.getData());
    }

    /** Returns {@code max_ij |A_ij + A_ji|}: zero exactly when {@code A} is skew-symmetric. */
    public static double skewSymmetryError(double[][] a) {
        Matrices.requireSquare("a", a);
        return Matrices.maxAbsDifference(a, negate(Matrices.transpose(a)));
    }

    private static double[][] negate(double[][] a) {
        return Matrices.real(a).scalarMultiply(-1).getData();
    }

    private static void requireSkewSymmetric(String name, double[][] a) {
        Matrices.requireSquare(name, a);
        double scale = 1;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double error = skewSymmetryError(a);
        if (!(error <= 1e-12 * scale)) {
            throw new IllegalArgumentException(name + " must be skew-symmetric (Aᵀ = −A), got max|A + Aᵀ| = " + error);
        }
    }
}
