package org.perturber.backend.onnx;

import java.nio.file.Path;

import org.perturber.backend.onnx.internal.OnnxModel;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;

/** Opens ONNX model folders through ONNX Runtime's Java API. Contributed in plugin.xml. */
public class OnnxModelBackend implements ModelBackend {
    @Override
    public boolean canOpen(Path modelDirectory) {
        return ModelFolder.declaredFormats(modelDirectory).contains(ModelFolder.ONNX);
    }

    @Override
    public String device() {
        return "CPU (ONNX Runtime " + OnnxModel.version() + ", CPU build)";
    }

    @Override
    public Model open(Path modelDirectory) throws ModelLoadException {
        ModelFolder folder = ModelFolder.read(modelDirectory);
        Path network = folder.network(ModelFolder.ONNX);
        try {
            return OnnxModel.load(folder, network);
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException(network, "ONNX Runtime could not load the network: " + e, e);
        }
    }
}
