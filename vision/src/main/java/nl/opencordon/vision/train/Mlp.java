package nl.opencordon.vision.train;

import java.util.random.RandomGenerator;

/**
 * A one-hidden-layer perceptron (ReLU, softmax) trained with plain SGD. Small enough to train in a
 * minute on one core without a deep-learning engine; it is exported to ONNX for inference via DJL.
 * Weights are row-major {@code [inputs][outputs]}, the layout of ONNX Gemm's B operand.
 */
final class Mlp {

    final int inputs;
    final int hidden;
    final int outputs;
    final float[] w1;
    final float[] b1;
    final float[] w2;
    final float[] b2;

    Mlp(int inputs, int hidden, int outputs, RandomGenerator random) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        w1 = init(inputs, hidden, random);
        b1 = new float[hidden];
        w2 = init(hidden, outputs, random);
        b2 = new float[outputs];
    }

    private static float[] init(int fanIn, int fanOut, RandomGenerator random) {
        float[] w = new float[fanIn * fanOut];
        double scale = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * scale);
        }
        return w;
    }

    /** Fills {@code activations} (size hidden) and returns class probabilities. */
    float[] forward(float[] x, float[] activations) {
        System.arraycopy(b1, 0, activations, 0, hidden);
        for (int i = 0; i < inputs; i++) {
            float xi = x[i];
            if (xi != 0) {
                int row = i * hidden;
                for (int h = 0; h < hidden; h++) {
                    activations[h] += xi * w1[row + h];
                }
            }
        }
        for (int h = 0; h < hidden; h++) {
            activations[h] = Math.max(0, activations[h]);
        }
        float[] logits = b2.clone();
        for (int h = 0; h < hidden; h++) {
            float a = activations[h];
            if (a != 0) {
                int row = h * outputs;
                for (int o = 0; o < outputs; o++) {
                    logits[o] += a * w2[row + o];
                }
            }
        }
        return softmax(logits);
    }

    private static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int o = 0; o < logits.length; o++) {
            logits[o] = (float) Math.exp(logits[o] - max);
            sum += logits[o];
        }
        for (int o = 0; o < logits.length; o++) {
            logits[o] /= (float) sum;
        }
        return logits;
    }

    /** One SGD step on cross-entropy for sample {@code x} of class {@code label}. */
    void step(float[] x, int label, float rate) {
        float[] a = new float[hidden];
        float[] delta = forward(x, a);
        delta[label] -= 1;
        float[] back = new float[hidden];
        for (int h = 0; h < hidden; h++) {
            if (a[h] == 0) {
                continue;
            }
            int row = h * outputs;
            float sum = 0;
            for (int o = 0; o < outputs; o++) {
                sum += delta[o] * w2[row + o];
                w2[row + o] -= rate * a[h] * delta[o];
            }
            back[h] = sum;
        }
        for (int o = 0; o < outputs; o++) {
            b2[o] -= rate * delta[o];
        }
        for (int i = 0; i < inputs; i++) {
            float xi = x[i];
            if (xi != 0) {
                int row = i * hidden;
                for (int h = 0; h < hidden; h++) {
                    w1[row + h] -= rate * xi * back[h];
                }
            }
        }
        for (int h = 0; h < hidden; h++) {
            b1[h] -= rate * back[h];
        }
    }

    int predict(float[] x) {
        float[] p = forward(x, new float[hidden]);
        int best = 0;
        for (int o = 1; o < outputs; o++) {
            if (p[o] > p[best]) {
                best = o;
            }
        }
        return best;
    }
}
