package org.modnas.models.proxy;

/** The small dense linear algebra the proxies need, on matrices of a batch's size. */
final class Matrices {
    private Matrices() {
    }

    /** log|det a| by LU decomposition with partial pivoting; −∞ for a singular matrix. */
    static double logAbsDet(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double log = 0;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            if (m[pivot][c] == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            log += Math.log(Math.abs(m[c][c]));
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        return log;
    }

    /** The correlation matrix of the rows of {@code x} (NaN entries where a row is constant). */
    static double[][] correlation(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[][] centred = new double[n][d];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (double v : x[i]) {
                mean += v;
            }
            mean /= d;
            for (int k = 0; k < d; k++) {
                centred[i][k] = x[i][k] - mean;
                norm[i] += centred[i][k] * centred[i][k];
            }
            norm[i] = Math.sqrt(norm[i]);
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += centred[i][k] * centred[j][k];
                }
                c[i][j] = c[j][i] = s / (norm[i] * norm[j]);
            }
        }
        return c;
    }

    /** The eigenvalues of a symmetric matrix, by cyclic Jacobi rotations. */
    static double[] symmetricEigenvalues(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += m[i][j] * m[i][j];
                }
            }
            if (off < 1e-22 || Double.isNaN(off)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(m[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k][p];
                        double mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p][k];
                        double mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                }
            }
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = m[i][i];
        }
        return v;
    }
}
