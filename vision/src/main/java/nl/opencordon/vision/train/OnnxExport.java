package nl.opencordon.vision.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import nl.opencordon.vision.CharacterSegmenter;

/**
 * Writes an {@link Mlp} as an ONNX model (opset 13): Flatten, Gemm, Relu, Gemm, Softmax. Field
 * numbers follow onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).
 */
final class OnnxExport {

    private static final int FLOAT = 1;
    private static final long IR_VERSION = 7;
    private static final long OPSET = 13;

    private OnnxExport() {
    }

    static byte[] toOnnx(Mlp mlp) {
        Protobuf graph = new Protobuf()
                .message(1, node("Flatten", "flat", "glyphs"))
                .message(1, node("Gemm", "hidden", "flat", "w1", "b1"))
                .message(1, node("Relu", "activation", "hidden"))
                .message(1, node("Gemm", "logits", "activation", "w2", "b2"))
                .message(1, node("Softmax", "probabilities", "logits"))
                .string(2, "character-mlp")
                .message(5, tensor("w1", mlp.w1, mlp.inputs, mlp.hidden))
                .message(5, tensor("b1", mlp.b1, mlp.hidden))
                .message(5, tensor("w2", mlp.w2, mlp.hidden, mlp.outputs))
                .message(5, tensor("b2", mlp.b2, mlp.outputs))
                .message(11, valueInfo("glyphs", 1, CharacterSegmenter.ROWS, CharacterSegmenter.COLS))
                .message(12, valueInfo("probabilities", mlp.outputs));
        return new Protobuf()
                .varint(1, IR_VERSION)
                .string(2, "opencordon anpr-vision")
                .message(7, graph)
                .message(8, new Protobuf().varint(2, OPSET))
                .toByteArray();
    }

    private static Protobuf node(String op, String output, String... inputs) {
        Protobuf node = new Protobuf();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, output).string(4, op);
    }

    private static Protobuf tensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        Protobuf tensor = new Protobuf();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        return tensor.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** A float tensor of shape [N, dims...] with a symbolic batch dimension. */
    private static Protobuf valueInfo(String name, long... dims) {
        Protobuf shape = new Protobuf().message(1, new Protobuf().string(2, "N"));
        for (long dim : dims) {
            shape.message(1, new Protobuf().varint(1, dim));
        }
        Protobuf tensorType = new Protobuf().varint(1, FLOAT).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }
}
