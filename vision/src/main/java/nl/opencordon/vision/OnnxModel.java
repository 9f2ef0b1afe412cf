package nl.opencordon.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

/**
 * One ONNX model run by DJL on ONNX Runtime, one input tensor in and the first output out, on one
 * thread: a camera stream gets one core, and the controller scales by running streams side by side.
 */
final class OnnxModel implements AutoCloseable {

    static {
        // Natives come from the onnxruntime jar; DJL must never reach for the network.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    }

    /** Class path resources extracted once per JVM: ONNX Runtime loads models from files. */
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    /** A float tensor: row-major data and its shape. */
    record Tensor(float[] data, long... shape) {
    }

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;

    private OnnxModel(Path file) {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine("OnnxRuntime")
                .optOption("intraOpNumThreads", "1")
                .optOption("interOpNumThreads", "1")
                .optTranslator(new NoopTranslator())
                .build();
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("Cannot load ONNX model " + file, e);
        }
        predictor = model.newPredictor();
        manager = model.getNDManager().newSubManager();
    }

    /** Loads {@code file}, or the class path {@code resource} when the file is null. */
    static OnnxModel load(Path file, String resource) {
        return new OnnxModel(file != null ? file : EXTRACTED.computeIfAbsent(resource, OnnxModel::extract));
    }

    Tensor run(Tensor input) {
        try (NDManager call = manager.newSubManager()) {
            NDList out = predictor.predict(new NDList(call.create(input.data(), new Shape(input.shape()))));
            NDArray first = out.get(0);
            Tensor result = new Tensor(first.toFloatArray(), first.getShape().getShape());
            out.close();
            return result;
        } catch (TranslateException e) {
            throw new IllegalStateException("ONNX model failed", e);
        }
    }

    private static Path extract(String resource) {
        try (InputStream in = OnnxModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Model " + resource + " missing from the class path");
            }
            Path file = Files.createTempFile("anpr-model", ".onnx");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        manager.close();
        predictor.close();
        model.close();
    }
}
